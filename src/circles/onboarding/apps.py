from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "circles.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding circles")
    default_auto_field = "django.db.models.BigAutoField"
