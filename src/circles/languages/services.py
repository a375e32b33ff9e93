"""Changing the language the product speaks to a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .selection import SUPPORTED

if TYPE_CHECKING:
    from circles.orgs.models import Organisation, Person


def set_preferred_language(person: Person, language: str) -> None:
    """Store a person's language ("" follows their organisation, then their browser)."""
    if language and language not in SUPPORTED:
        raise ValidationError(_("This language is not available."), code="unknown_language")
    if person.preferred_language != language:
        person.preferred_language = language
        person.save(update_fields=["preferred_language", "updated_at"])


def set_organisation_language(organisation: Organisation, language: str) -> None:
    """Store an organisation's default language ("" lets each browser decide)."""
    if language and language not in SUPPORTED:
        raise ValidationError(_("This language is not available."), code="unknown_language")
    if organisation.language != language:
        organisation.language = language
        organisation.save(update_fields=["language"])
