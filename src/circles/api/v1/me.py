"""Who the token acts as, and with which scope."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from .auth import caller
from .schemas import answers

router = Router(tags=["me"])


class MeOut(Schema):
    kind: str
    person_id: int | None
    full_name: str
    role: str
    organisation: str
    token: str
    scope: str
    expires_at: dt.datetime | None


@router.get("/me", response=answers(MeOut), summary="Who this token acts as")
def me(request: HttpRequest) -> Any:
    found = caller(request)
    token = found.token
    return {
        "kind": "service" if token.is_service else "personal",
        "person_id": token.person_id,
        "full_name": found.viewer.full_name,
        "role": found.viewer.role,
        "organisation": found.organisation.name,
        "token": token.prefix,
        "scope": token.scope,
        "expires_at": token.expires_at,
    }
