from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "circles.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_on_sign_in

        # Every way in (password, reset link, invitation, single sign-on) passes login().
        user_logged_in.connect(stamp_on_sign_in, dispatch_uid="circles_session_stamp")
