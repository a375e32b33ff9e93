from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "circles.security"
    verbose_name = "Keys, rotation, backup and restore"

    def ready(self) -> None:
        from circles.security import checks  # noqa: F401  (registers the deploy checks)
