from django.apps import AppConfig


class FormationConfig(AppConfig):
    name = "circles.formation"
    verbose_name = "Circle formation"
