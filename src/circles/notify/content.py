"""What a reminder email says, in the shape every kind of reminder fills in, wherever it lives."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone, translation

from circles.languages.selection import language_of

if TYPE_CHECKING:
    from circles.orgs.models import Person


@dataclass
class Content:
    subject: str
    template: str
    context: dict[str, Any]
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


# (object id, person id, occasion) for someone due a reminder.
Candidate = tuple[int, int, str]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """A time zone by its name; UTC for a name the system does not know."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@contextmanager
def on_clock_of(person: Person) -> Iterator[None]:
    """Dates and times rendered inside are on the person's own clock (`local_*` filters and
    `circles.languages.formats` convert to the active time zone)."""
    with timezone.override(zone_of(person.time_zone)):
        yield


@contextmanager
def speaking_to(person: Person) -> Iterator[None]:
    """Everything rendered inside (subject, bodies, chat nudge) is in the recipient's language,
    with dates in their locale and time zone, wherever the sending code runs (a worker, a
    sweep, a request by someone else)."""
    with translation.override(language_of(person)), on_clock_of(person):
        yield
