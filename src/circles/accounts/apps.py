from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "circles.accounts"
    verbose_name = "Accounts"
