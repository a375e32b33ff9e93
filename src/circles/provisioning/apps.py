from django.apps import AppConfig


class ProvisioningConfig(AppConfig):
    name = "circles.provisioning"
    verbose_name = "Provisioning (SCIM)"
