from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "circles.languages"
    verbose_name = "Languages"
