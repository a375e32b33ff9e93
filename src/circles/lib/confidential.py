"""The one field type for confidential text: cases, questions, notes, feedback, plan text.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) before they reach the database,
so a dump alone reveals nothing. Keys come from ``CIRCLES_DATA_KEYS``: the first one encrypts,
all of them decrypt. A stored value names the key that encrypted it by a short id, so that key
rotation (``circles.security.keyring``) finds the values still under an old key in SQL.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact

# `enc2:<key id>:<Fernet token>`; values written before key ids were `enc1:<token>`.
PREFIX = "enc2:"
LEGACY_PREFIX = "enc1:"


def key_id(key: str) -> str:
    """Eight hex digits naming a key: enough to tell a handful apart, nothing about the key."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def prefix_for(key: str) -> str:
    return f"{PREFIX}{key_id(key)}:"


@functools.cache
def _ciphers(keys: tuple[str, ...]) -> dict[str, Fernet]:
    if not keys:
        raise ImproperlyConfigured("CIRCLES_DATA_KEYS is empty: confidential text needs a key.")
    try:
        # Insertion order is the keys' order: the first one encrypts.
        return {key_id(key): Fernet(key.encode()) for key in keys}
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CIRCLES_DATA_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from exc


def ciphers() -> dict[str, Fernet]:
    """Every configured key by its id, the encrypting one first."""
    return _ciphers(tuple(settings.CIRCLES_DATA_KEYS))


def current_key_id() -> str:
    return next(iter(ciphers()))


def encrypter() -> Callable[[str], str]:
    """Encryption under the current key, looked up once: for writing many values in a row."""
    kid, fernet = next(iter(ciphers().items()))
    prefix = f"{PREFIX}{kid}:"

    def encrypt_one(text: str) -> str:
        return prefix + fernet.encrypt(text.encode()).decode()

    return encrypt_one


def encrypt(text: str) -> str:
    return encrypter()(text)


def stored_key_id(stored: str) -> str | None:
    """The id of the key a stored value was encrypted with; None for the older format."""
    if stored.startswith(PREFIX):
        return stored[len(PREFIX) :].split(":", 1)[0]
    return None


def decrypt(stored: str) -> str:
    keys = ciphers()
    if stored.startswith(PREFIX):
        kid, _, token = stored[len(PREFIX) :].partition(":")
        if kid not in keys:
            raise ImproperlyConfigured(
                f"Confidential text cannot be decrypted: it was encrypted with data key {kid}, "
                "which is not in CIRCLES_DATA_KEYS; add that key back (after the current one)."
            )
        candidates = [keys[kid]]
    elif stored.startswith(LEGACY_PREFIX):
        token, candidates = stored[len(LEGACY_PREFIX) :], list(keys.values())
    else:
        raise ValueError("Stored confidential value is not in the encrypted format.")
    for fernet in candidates:
        try:
            return fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            continue
    raise ImproperlyConfigured(
        "Confidential text cannot be decrypted: CIRCLES_DATA_KEYS changed without keeping the "
        "key that encrypted it."
    )


class EmptyOnlyExact(Exact):
    """`field=""` works (empty text is stored as it is); any other value would never match."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise TypeError(
                "Confidential text cannot be filtered with 'exact' except against '' (it is "
                "encrypted with a random nonce): compare in Python after reading it."
            )
        return super().get_prep_lookup()


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
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name != "isnull":
            raise TypeError(f"Confidential text cannot be filtered with '{lookup_name}'.")
        return super().get_lookup(lookup_name)
