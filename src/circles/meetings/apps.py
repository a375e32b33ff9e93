from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "circles.meetings"
    verbose_name = "Meetings"
