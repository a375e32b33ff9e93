from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "circles.groups"
    label = "circle_groups"
    verbose_name = "Circles"
