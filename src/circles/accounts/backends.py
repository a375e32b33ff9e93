"""Password sign-in by email, whatever the case the address was typed in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User, normalise_email


def signed_in_user(user_id: Any) -> User | None:
    """Django's lookup of the signed-in user on every request, with their person and
    organisation read in the same query: who is asking costs one query, not three. Refuses,
    like Django's, a user whose sign-in was switched off."""
    user = User._default_manager.select_related("person__organisation").filter(pk=user_id).first()
    return user if user is not None and user.is_active else None


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is not None:
            username = normalise_email(username)
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        return signed_in_user(user_id)
