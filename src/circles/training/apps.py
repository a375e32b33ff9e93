from __future__ import annotations

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "circles.training"
    label = "training"
    verbose_name = "Facilitator training"
    default_auto_field = "django.db.models.BigAutoField"
