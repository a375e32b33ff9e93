"""The one domain error type: services raise it, adapters turn it into a clear 4xx or message."""

from __future__ import annotations


class DomainError(Exception):
    """A request that breaks a business rule; nothing was written."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def full_clean_or_raise(instance: object) -> None:
    """Run model validation and report the first problem as a DomainError."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()  # type: ignore[attr-defined]
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from exc
