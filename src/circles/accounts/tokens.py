"""Single-use, expiring links to set a password, from Django's password-reset tokens.

Django's token already changes when the password or the last sign-in changes, which makes a
link single-use. These generators add a lifetime of their own (an invitation lasts days, a reset
link hours) and the login's active flag, so a person who left invalidates every earlier link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int

from .models import User


class ExpiringTokenGenerator(PasswordResetTokenGenerator):
    # The setting that holds the lifetime, and how many seconds one of its units is.
    lifetime_setting: str
    lifetime_unit_seconds: int

    def lifetime_seconds(self) -> int:
        return int(getattr(settings, self.lifetime_setting)) * self.lifetime_unit_seconds

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        assert token is not None
        try:
            issued = base36_to_int(token.split("-", 1)[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= self.lifetime_seconds()

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}|{user.is_active}"


class PasswordResetTokens(ExpiringTokenGenerator):
    key_salt = "circles.accounts.tokens.PasswordResetTokens"
    lifetime_setting = "CIRCLES_PASSWORD_RESET_HOURS"
    lifetime_unit_seconds = 3600


reset_tokens = PasswordResetTokens()
