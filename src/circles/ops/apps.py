from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "circles.ops"
    verbose_name = "Running in production"
