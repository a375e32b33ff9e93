"""The slot finder applied to a circle's current members (a read)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from circles.groups.models import Circle
from circles.groups.selectors import current_memberships

from .slots import Participant, SlotReport, find_slots


def suggested_times(circle: Circle, *, week_of: dt.date | None = None) -> SlotReport:
    """Times next week that fit every current member's working hours, best first."""
    people = [
        Participant(
            name=m.person.full_name,
            time_zone=m.person.time_zone,
            work_starts_at=m.person.work_starts_at,
            work_ends_at=m.person.work_ends_at,
        )
        for m in current_memberships(circle)
    ]
    return find_slots(
        people,
        duration_minutes=circle.meeting_minutes,
        time_zone=circle.time_zone,
        week_of=week_of or timezone.localdate() + dt.timedelta(days=7),
    )
