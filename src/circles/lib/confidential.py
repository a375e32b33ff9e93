"""The one field type for confidential text: cases, questions, notes, feedback, plan text.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) before they reach the database,
so a dump alone reveals nothing. Keys come from ``CIRCLES_DATA_KEYS`` (first one encrypts, all
decrypt, for rotation) or, without them, are derived from ``SECRET_KEY``.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Marks a stored value as ciphertext, so the format can evolve and plain text is never guessed.
PREFIX = "enc1:"


def _derived_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"circles-confidential")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


@functools.cache
def _cipher(keys: tuple[str, ...], secret: str) -> MultiFernet:
    try:
        fernets = [Fernet(key.encode()) for key in keys] or [Fernet(_derived_key(secret))]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CIRCLES_DATA_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from exc
    return MultiFernet(fernets)


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.CIRCLES_DATA_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("Stored confidential value is not in the encrypted format.")
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Confidential text cannot be decrypted: CIRCLES_DATA_KEYS or SECRET_KEY changed "
            "without keeping the old key."
        ) from exc


class ConfidentialTextField(models.TextField):
    """Text readable only through the application: encrypted at rest, never searchable in SQL."""

    description = "Confidential text (encrypted at rest)"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext is randomised, so any comparison in SQL would silently match nothing.
        if lookup_name not in {"isnull", "exact"}:
            raise TypeError(f"Confidential text cannot be filtered with '{lookup_name}'.")
        return super().get_lookup(lookup_name)
