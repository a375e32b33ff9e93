"""Which language the product speaks to someone: their own choice, else their organisation's,
else (on a web page) their browser's, else the site's default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from circles.orgs.models import Organisation, Person

SUPPORTED = frozenset(code for code, _name in settings.LANGUAGES)


def organisation_language(organisation: Organisation | None) -> str:
    """The organisation's default language, or the site's when it has none."""
    chosen = getattr(organisation, "language", "") or ""
    return chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE


def chosen_language(person: Person | None) -> str:
    """The language a person or their organisation chose; "" when neither did (the browser
    decides on a page)."""
    if person is None:
        return ""
    own = person.preferred_language or ""
    if own in SUPPORTED:
        return own
    organisation_default = getattr(person.organisation, "language", "") or ""
    return organisation_default if organisation_default in SUPPORTED else ""


def language_of(person: Person | None) -> str:
    """The language of everything sent to a person when no browser is there to ask (emails,
    calendar entries, chat nudges)."""
    return chosen_language(person) or settings.LANGUAGE_CODE
