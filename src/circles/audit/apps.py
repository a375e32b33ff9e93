from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "circles.audit"
    verbose_name = "Audit log"
