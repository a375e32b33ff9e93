"""The slot finder applied to a circle's current members (a read)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from circles.groups.models import Circle, Membership
from circles.groups.selectors import current_memberships
from circles.meetings.schedule.recurrence import describe
from circles.meetings.schedule.slots import Participant, SlotReport, find_slots


def suggested_times(
    circle: Circle,
    *,
    week_of: dt.date | None = None,
    memberships: Iterable[Membership] | None = None,
) -> SlotReport:
    """Times next week that fit every current member's working hours, best first
    (``memberships``: the current ones with their people, when the caller has them already)."""
    people = [
        Participant(
            name=m.person.full_name,
            time_zone=m.person.time_zone,
            work_starts_at=m.person.work_starts_at,
            work_ends_at=m.person.work_ends_at,
        )
        for m in (current_memberships(circle) if memberships is None else memberships)
    ]
    return find_slots(
        people,
        duration_minutes=circle.meeting_minutes,
        time_zone=circle.time_zone,
        week_of=week_of or timezone.localdate() + dt.timedelta(days=7),
    )


@dataclass(frozen=True)
class RhythmPanel:
    """What the circle page shows of when the circle meets."""

    text: str
    report: SlotReport


def rhythm_panel(circle: Circle, *, memberships: Iterable[Membership]) -> RhythmPanel:
    rhythm = circle.rhythm
    return RhythmPanel(
        text=describe(rhythm) if rhythm else "",
        report=suggested_times(circle, memberships=memberships),
    )
