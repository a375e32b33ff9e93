"""Demo data for rhythms, rotating roles and calendar feeds (called from circles.demo)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from circles.groups.models import Membership
from circles.meetings.calendar.services import calendar_token_create
from circles.meetings.models import Meeting
from circles.meetings.schedule.services import (
    attendance_decline,
    circle_rhythm_set,
    meeting_cancel,
    meeting_move,
    meetings_generate,
)
from circles.orgs.models import Person, Programme

# Far enough ahead to cross a clock change in Europe and North America, whenever it runs.
HORIZON = dt.timedelta(weeks=32)


def create_schedule_demo(programme: Programme, *, demo_emails: list[str]) -> None:
    """Give each circle the rhythm its history followed, plan ahead, and show a move, a
    cancellation and a declined role; demo logins get a calendar feed address."""
    now = timezone.now()
    for index, circle in enumerate(programme.circles.order_by("pk")):
        first = circle.meetings.order_by("starts_at").first()
        member = Membership.objects.filter(circle=circle, left_on__isnull=True).first()
        if first is None or member is None:
            continue
        local = first.local_start
        circle_rhythm_set(
            circle=circle,
            changed_by=member.person,
            cadence="biweekly",
            meeting_weekday=local.weekday(),
            meeting_time=local.time(),
            first_meeting_on=local.date(),
            time_zone=circle.time_zone,
            now=now,
        )
        meetings_generate(circle=circle, until=now + HORIZON, now=now)
        if index == 1:
            _show_changes(list(circle.meetings.filter(starts_at__gt=now).order_by("starts_at")))
    for person in Person.objects.filter(organisation=programme.organisation, email__in=demo_emails):
        calendar_token_create(person=person)


def _show_changes(upcoming: list[Meeting]) -> None:
    if len(upcoming) < 4:
        return
    moved, cancelled, declined = upcoming[1], upcoming[2], upcoming[3]
    meeting_move(
        meeting=moved,
        starts_at=moved.starts_at + dt.timedelta(days=1),
        moved_by=_holder(moved),
    )
    meeting_cancel(meeting=cancelled, cancelled_by=_holder(cancelled), reason="Quarter close")
    attendance_decline(meeting=declined, person=_holder(declined))


def _holder(meeting: Meeting) -> Person:
    person = meeting.facilitator or meeting.host or meeting.note_taker
    if person is None:
        raise ValueError("Demo meetings have their roles assigned.")
    return person
