from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path(
        "programmes/<int:programme_id>/onboarding/",
        views.onboarding_manage,
        name="onboarding_manage",
    ),
    path(
        "programmes/<int:programme_id>/onboarding/propose/",
        views.onboarding_propose,
        name="onboarding_propose",
    ),
    path("onboarding/host/", views.volunteer_settings, name="volunteer_settings"),
]
