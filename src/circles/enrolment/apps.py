from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "circles.enrolment"
    verbose_name = "Enrolment"
