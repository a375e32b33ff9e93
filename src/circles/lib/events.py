"""What happened, for whoever listens outside the product (webhooks).

Services say what happened with ``publish``; the webhooks app records a delivery for each
endpoint that subscribed, in the same transaction, and the task worker sends it after commit.
An event carries ids, dates and names that the pages show to admins, never confidential text
(no case, note, commitment action, reflection, plan or cancellation reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from circles.groups.models import Membership
    from circles.growth.models import Commitment
    from circles.meetings.models import Meeting

MEMBER_JOINED = "membership.joined"
MEMBER_LEFT = "membership.left"
MEETING_SCHEDULED = "meeting.scheduled"
MEETING_MOVED = "meeting.moved"
MEETING_CANCELLED = "meeting.cancelled"
MEETING_HELD = "meeting.held"
COMMITMENT_CLOSED = "commitment.closed"
# Published by the library when a success story is published with its author's consent.
STORY_PUBLISHED = "story.published"

# What each event means, as the webhook form offers it.
CATALOGUE: dict[str, StrOrPromise] = {
    MEMBER_JOINED: _("Someone joined a circle"),
    MEMBER_LEFT: _("Someone left a circle"),
    MEETING_SCHEDULED: _("A meeting was scheduled"),
    MEETING_MOVED: _("A meeting was moved"),
    MEETING_CANCELLED: _("A meeting was cancelled"),
    MEETING_HELD: _("A meeting was held"),
    COMMITMENT_CLOSED: _("A commitment was closed by its follow-up"),
    STORY_PUBLISHED: _("A success story was published"),
}

happened = Signal()


@dataclass(frozen=True)
class Event:
    name: str
    organisation_id: int
    data: dict[str, Any] = field(default_factory=dict)


def publish(events: list[Event]) -> None:
    """Hand events to the listeners, inside the caller's transaction."""
    if events:
        happened.send(sender=Event, events=events)


def _moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def membership_event(name: str, membership: Membership) -> Event:
    person, circle = membership.person, membership.circle
    return Event(
        name,
        circle.organisation_id,
        {
            "membership_id": membership.pk,
            "circle": {"id": circle.pk, "name": circle.name, "programme_id": circle.programme_id},
            "person": {
                "id": person.pk,
                "employee_id": person.employee_id,
                "email": person.email,
            },
            "joined_on": _day(membership.joined_on),
            "left_on": _day(membership.left_on),
        },
    )


def meeting_event(
    name: str, meeting: Meeting, *, previous_start: dt.datetime | None = None
) -> Event:
    data: dict[str, Any] = {
        "meeting": {
            "id": meeting.pk,
            "circle_id": meeting.circle_id,
            "starts_at": _moment(meeting.starts_at),
            "time_zone": meeting.time_zone,
            "duration_minutes": meeting.duration_minutes,
            "status": meeting.status,
        }
    }
    if previous_start is not None:
        data["previous_starts_at"] = _moment(previous_start)
    return Event(name, meeting.organisation_id, data)


def commitment_closed(commitment: Commitment, outcome: str) -> Event:
    return Event(
        COMMITMENT_CLOSED,
        commitment.organisation_id,
        {
            "commitment": {
                "id": commitment.pk,
                "circle_id": commitment.circle_id,
                "owner_id": commitment.owner_id,
                "meeting_id": commitment.made_at_id,
                "due_on": _day(commitment.due_on),
                "outcome": outcome,
            }
        },
    )
