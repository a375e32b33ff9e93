from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("<int:programme_id>/formation/", views.formation_new, name="formation_new"),
    path(
        "<int:programme_id>/formation/<int:run_id>/",
        views.formation_detail,
        name="formation_detail",
    ),
    path(
        "<int:programme_id>/formation/<int:run_id>/status",
        views.formation_status,
        name="formation_status",
    ),
    path(
        "<int:programme_id>/formation/<int:run_id>/adjust",
        views.formation_adjust,
        name="formation_adjust",
    ),
    path(
        "<int:programme_id>/formation/<int:run_id>/rerun",
        views.formation_rerun,
        name="formation_rerun",
    ),
    path(
        "<int:programme_id>/formation/<int:run_id>/publish",
        views.formation_publish,
        name="formation_publish",
    ),
]
