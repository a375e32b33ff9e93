"""Bearer secrets: made with a recognisable mark, kept only as a SHA-256 digest, used lazily.

SCIM tokens, API tokens and webhook secrets share these rules, so that a leaked database
never holds a usable secret and a busy integration does not write on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db.models import Model, Q
from django.utils import timezone

# Use is recorded at most this often per token, so that a sync does not write on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# Long enough for 256 random bits after any mark; anything longer is not one of ours.
MAX_SECRET_LENGTH = 200


def secret_new(mark: str) -> str:
    """A new secret: the mark (for logs and secret scanners) and 256 random bits."""
    return mark + secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like(secret: str, mark: str) -> bool:
    return secret.startswith(mark) and len(secret) <= MAX_SECRET_LENGTH


def last_used_touch(model: type[Model], pk: int, now: dt.datetime | None = None) -> bool:
    """Record a use of the row's token unless one was recorded within the resolution; True
    when this call moved ``last_used_at`` (one conditional update, safe under concurrency)."""
    now = now or timezone.now()
    moved = (
        model._default_manager.filter(pk=pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION))
        .update(last_used_at=now)
    )
    return moved == 1
