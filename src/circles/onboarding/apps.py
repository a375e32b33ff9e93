from __future__ import annotations

from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "circles.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding circles"
    default_auto_field = "django.db.models.BigAutoField"
