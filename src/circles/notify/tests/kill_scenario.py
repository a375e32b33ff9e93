"""Data for the worker-kill test, created in a separate process on its own database file."""

from __future__ import annotations

import datetime as dt

import django


def populate(people: int) -> None:
    """Circles of eight, each meeting in two hours, and one programme lead."""
    django.setup()
    from django.utils import timezone

    from circles.meetings.schedule.services import meeting_schedule
    from circles.testing import make_circle, make_org, make_person, make_programme

    org = make_org("Killtest")
    lead = make_person(org, "Lena Lead", role="lead", login=False)
    members = [make_person(org, f"Member {n:03d}", login=False) for n in range(people)]
    programme = make_programme(org, [lead])
    for start in range(0, people, 8):
        circle = make_circle(programme, members[start : start + 8], name=f"Oak {start}")
        meeting_schedule(circle=circle, starts_at=timezone.now() + dt.timedelta(hours=2))
