from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "circles.growth"
    verbose_name = "Growth"
