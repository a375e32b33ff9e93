from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "circles.orgs"
    verbose_name = "Organisations and people"
