from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.training_path, name="training_path"),
    path("training/<slug:step>/", views.training_step, name="training_step"),
    path(
        "programmes/<int:programme_id>/training/",
        views.training_readiness,
        name="training_readiness",
    ),
]
