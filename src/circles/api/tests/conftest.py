from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from circles.api.models import Scope
from circles.api.tokens import api_token_create
from circles.orgs.models import Person, Role


def token_for(person: Person, *, scope: str | None = None) -> str:
    """A personal token with the widest scope the person may have (or the one asked)."""
    if scope is None:
        scope = Scope.ADMIN if person.role == Role.ADMIN else Scope.WRITE
    _token, secret = api_token_create(
        created_by=person, name="Test", scope=scope, expires_in_days=30
    )
    return secret


@pytest.fixture
def api(client: Client) -> Callable[..., Any]:
    """Call the API with a token: api("get", "/api/v1/me", secret, json=...)."""

    def call(method: str, path: str, secret: str | None, json: Any = None, **extra: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
        send = getattr(client, method.lower())
        if json is not None:
            return send(path, json, content_type="application/json", **headers, **extra)
        return send(path, **headers, **extra)

    return call
