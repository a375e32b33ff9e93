from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.people_import, name="people_import"),
    path("<int:import_id>/", views.people_import_detail, name="people_import_detail"),
    path("<int:import_id>/status", views.people_import_status, name="people_import_status"),
    path("<int:import_id>/apply", views.people_import_apply, name="people_import_apply"),
    path(
        "<int:import_id>/full-sync", views.people_import_full_sync, name="people_import_full_sync"
    ),
    path("<int:import_id>/errors.csv", views.people_import_errors, name="people_import_errors"),
]
