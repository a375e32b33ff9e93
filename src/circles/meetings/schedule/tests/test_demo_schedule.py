"""The demo's rhythms, rotating roles and calendar feed of the demo member."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import recurring_ical_events
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from circles.demo import create_demo
from circles.groups.models import Circle
from circles.meetings.calendar.services import calendar_token_create
from circles.meetings.models import Meeting, PersonCalendarToken
from circles.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        organisation = create_demo()
    yield organisation
    with django_db_blocker.unblock():
        organisation.delete()
        from circles.accounts.models import User

        User.objects.all().delete()


def test_every_demo_circle_has_a_rhythm_and_meetings_planned_with_rotated_roles(demo):
    now = timezone.now()
    for circle in Circle.objects.filter(organisation=demo):
        assert circle.rhythm is not None, circle.name
        upcoming = circle.meetings.filter(starts_at__gt=now, status="scheduled")
        assert upcoming.count() >= 10, circle.name
        for meeting in upcoming:
            holders = [meeting.facilitator_id, meeting.host_id, meeting.note_taker_id]
            assert len(set(holders)) == 3, meeting
        assert not circle.meetings.filter(planned_start__isnull=True).exists()


def test_the_demo_shows_a_moved_and_a_cancelled_meeting_and_feed_addresses(demo):
    moved = [m for m in Meeting.objects.filter(organisation=demo) if m.planned_start != m.starts_at]
    assert moved
    assert Meeting.objects.filter(organisation=demo, status="cancelled").exists()
    assert PersonCalendarToken.objects.filter(
        person__email="member@northwind.example", revoked_at=None
    ).exists()


def test_the_demo_members_feed_parses_and_keeps_each_rhythms_local_time_across_a_clock_change(
    demo, client
):
    member = Person.objects.get(email="member@northwind.example")
    token = calendar_token_create(person=member)
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    now = timezone.now()
    occurrences = recurring_ical_events.of(calendar).between(now, now + dt.timedelta(weeks=40))
    meetings = {f"{m.uid}@coaching-circles": m for m in Meeting.objects.filter(organisation=demo)}
    offsets = set()
    checked = 0
    for event in occurrences:
        meeting = meetings[str(event["UID"])]
        rhythm = meeting.circle.rhythm
        assert rhythm is not None
        if meeting.planned_start != meeting.starts_at:
            continue
        zone = zoneinfo.ZoneInfo(str(event["DTSTART"].params["TZID"]))
        local = event["DTSTART"].dt.astimezone(zone)
        assert str(zone) == rhythm.time_zone
        assert (local.weekday(), local.time()) == (rhythm.day(), rhythm.meeting_time)
        offsets.add(local.utcoffset())
        checked += 1
    assert checked >= 10
    # Aspen's zone observes summer time, and the planned half year crosses a change.
    assert len(offsets) == 2
