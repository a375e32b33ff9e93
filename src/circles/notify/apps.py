from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "circles.notify"
    verbose_name = "Notifications"
