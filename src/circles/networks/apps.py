from __future__ import annotations

from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "circles.networks"
    label = "networks"
    verbose_name = "Communities of practice"
    default_auto_field = "django.db.models.BigAutoField"
