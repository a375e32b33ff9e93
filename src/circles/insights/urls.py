from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="insights_index"),
    path("programmes/<int:programme_id>/", views.programme, name="insights_dashboard"),
    path(
        "programmes/<int:programme_id>/export.<str:fmt>",
        views.programme_export,
        name="insights_export",
    ),
    path("circles/<int:circle_id>/", views.circle_health, name="insights_circle"),
]
