"""Writes and reads about calendar feed addresses: a secret token, stored only as a hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from circles.groups.selectors import circles_of_member
from circles.meetings.models import Meeting, PersonCalendarToken
from circles.orgs.models import Person

# How far back a feed reaches: recent history is useful, five years of it is not.
FEED_PAST_DAYS = 92
FEED_LIMIT = 500


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_create(*, person: Person) -> str:
    """A new feed address secret for the person; any earlier one stops working."""
    calendar_token_revoke(person=person)
    token = secrets.token_urlsafe(32)
    PersonCalendarToken.objects.create(person=person, token_hash=_digest(token))
    return token


@transaction.atomic
def calendar_token_revoke(*, person: Person) -> int:
    return PersonCalendarToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def live_calendar_token(person: Person) -> PersonCalendarToken | None:
    return PersonCalendarToken.objects.filter(person=person, revoked_at__isnull=True).first()


def person_for_calendar_token(token: str) -> Person | None:
    """The active person behind a feed secret, or None for a wrong or revoked one."""
    if not token or len(token) > 100:
        return None
    found = (
        PersonCalendarToken.objects.filter(token_hash=_digest(token), revoked_at__isnull=True)
        # The organisation too: its language is the feed's when the person chose none.
        .select_related("person__organisation")
        .first()
    )
    if found is None or not found.person.is_active:
        return None
    return found.person


def feed_meetings(person: Person) -> QuerySet[Meeting]:
    """Meetings of the circles the person belongs to now, from a few months back onwards."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return (
        Meeting.objects.filter(circle__in=circles_of_member(person), starts_at__gte=since)
        .select_related("circle", "facilitator", "host", "note_taker")
        .order_by("starts_at")[:FEED_LIMIT]
    )
