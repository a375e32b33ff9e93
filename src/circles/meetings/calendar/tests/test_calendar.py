"""The private calendar feed and the single-meeting invitation: valid, private, and in step
with the circle's rhythm across clock changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import recurring_ical_events
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from circles.meetings.calendar.ics import meeting_invitation_ics, person_feed_ics
from circles.meetings.calendar.services import (
    calendar_token_create,
    calendar_token_revoke,
    feed_meetings,
)
from circles.meetings.models import PersonCalendarToken
from circles.meetings.schedule.services import circle_rhythm_set, meeting_cancel, meeting_move
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE, make_circle, make_person

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def next_change_window() -> tuple[dt.date, dt.date]:
    """Six weeks around the next European clock change after today."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        for month in (3, 10):
            last_day = dt.date(year, month, 31)
            change = last_day - dt.timedelta(days=(last_day.weekday() + 1) % 7)  # last Sunday
            if change - dt.timedelta(days=21) > today:
                return change - dt.timedelta(days=21), change + dt.timedelta(days=21)
    raise AssertionError("no change found")


def feed(client, token: str) -> Calendar:
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


@pytest.fixture
def rhythmic(world):
    """Aspen meets weekly on Tuesdays at 10:00 Berlin time, across a clock change."""
    start, _ = next_change_window()
    circle_rhythm_set(
        circle=world.circle,
        changed_by=world.member,
        cadence="weekly",
        meeting_weekday=1,
        meeting_time=dt.time(10, 0),
        first_meeting_on=start,
        time_zone="Europe/Berlin",
        ahead=8,
    )
    return world


def test_the_feed_parses_and_every_occurrence_keeps_the_rhythms_local_time_across_the_change(
    rhythmic, client
):
    token = calendar_token_create(person=rhythmic.member)
    calendar = feed(client, token)
    assert calendar["VERSION"] == "2.0"
    assert any(c.name == "VTIMEZONE" and c["TZID"] == "Europe/Berlin" for c in calendar.walk())
    start, end = next_change_window()
    occurrences = recurring_ical_events.of(calendar).between(start, end)
    rhythm = [o for o in occurrences if o["DTSTART"].dt.tzinfo is not None]
    weekly = [o for o in rhythm if o["UID"] != f"{rhythmic.next_meeting.uid}@coaching-circles"]
    assert len(weekly) >= 5
    offsets = set()
    for event in weekly:
        begins = event["DTSTART"].dt
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        local = begins.astimezone(BERLIN)
        assert (local.weekday(), local.time()) == (1, dt.time(10, 0))
        offsets.add(local.utcoffset())
        assert event["DTEND"].dt - begins == dt.timedelta(minutes=60)
    # The run crosses the change: both offsets appear, yet the local time never moved.
    assert len(offsets) == 2


def test_each_event_has_a_stable_uid_a_sequence_and_the_members_role(rhythmic, client):
    token = calendar_token_create(person=rhythmic.member)
    meeting = rhythmic.circle.meetings.filter(starts_at__gt=timezone.now()).last()
    assert meeting is not None
    moved_to = meeting.starts_at + dt.timedelta(hours=2)
    meeting_move(meeting=meeting, starts_at=moved_to, moved_by=rhythmic.member)
    events = {str(e["UID"]): e for e in feed(client, token).walk("VEVENT")}
    event = events[f"{meeting.uid}@coaching-circles"]
    assert event.decoded("SEQUENCE") == 1
    assert event.decoded("DTSTART") == moved_to
    assert "LAST-MODIFIED" in event
    assert "DTSTAMP" in event
    facilitated = events[f"{rhythmic.next_meeting.uid}@coaching-circles"]
    assert "Facilitator: Fred Facilitator" in str(facilitated["DESCRIPTION"])


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(rhythmic, client):
    token = calendar_token_create(person=rhythmic.facilitator)
    meeting_cancel(
        meeting=rhythmic.next_meeting,
        cancelled_by=rhythmic.next_meeting.facilitator,
        reason="Sam is unwell",
    )
    response = client.get(reverse("calendar_feed", args=[token]))
    events = {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    event = events[f"{rhythmic.next_meeting.uid}@coaching-circles"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") >= 1
    # The reason is for the circle, not for calendar servers.
    assert b"unwell" not in response.content


def test_the_feed_holds_no_confidential_content_and_no_other_circles(world, client):
    token = calendar_token_create(person=world.member)
    body = client.get(reverse("calendar_feed", args=[token])).content.decode()
    for secret in (SECRET_CASE, SECRET_NOTE, SECRET_ACTION, world.other_circle.name):
        assert secret not in body
    assert world.circle.name in body


def test_a_wrong_revoked_or_replaced_token_answers_404(world, client):
    assert client.get(reverse("calendar_feed", args=["nope"])).status_code == 404
    first = calendar_token_create(person=world.member)
    second = calendar_token_create(person=world.member)
    assert client.get(reverse("calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 200
    calendar_token_revoke(person=world.member)
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 404
    # Only a hash is stored.
    assert not PersonCalendarToken.objects.filter(token_hash=second).exists()


def test_a_member_who_left_sees_that_circles_meetings_vanish_from_their_feed(world, client):
    from circles.groups.models import Membership
    from circles.groups.services import membership_end

    token = calendar_token_create(person=world.member)
    membership_end(membership=Membership.objects.get(circle=world.circle, person=world.member))
    assert (
        world.circle.name not in client.get(reverse("calendar_feed", args=[token])).content.decode()
    )


def test_the_feed_takes_the_same_number_of_queries_for_few_or_many_meetings(world, client):
    from circles.testing import schedule

    token = calendar_token_create(person=world.member)
    url = reverse("calendar_feed", args=[token])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(20, 40):
        schedule(world.circle, days=days, facilitator=world.peer)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_invitation_is_a_request_and_becomes_a_cancel(world):
    meeting = world.next_meeting
    invitation = Calendar.from_ical(meeting_invitation_ics(meeting, world.facilitator))
    assert invitation["METHOD"] == "REQUEST"
    event = next(iter(invitation.walk("VEVENT")))
    assert str(event["UID"]) == f"{meeting.uid}@coaching-circles"
    assert "mailto:" in str(event["ORGANIZER"])
    assert str(event["ATTENDEE"]) == f"mailto:{world.facilitator.email}"
    assert "you: facilitator" in str(event["SUMMARY"])
    assert any(c.name == "VTIMEZONE" for c in invitation.walk()) or meeting.time_zone == "UTC"
    meeting_cancel(meeting=meeting, cancelled_by=world.facilitator)
    meeting.refresh_from_db()
    cancel = Calendar.from_ical(meeting_invitation_ics(meeting, world.facilitator))
    assert cancel["METHOD"] == "CANCEL"
    event = next(iter(cancel.walk("VEVENT")))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1


def test_the_feed_builder_gives_a_timezone_for_each_zone_used(world):
    berlin = make_circle(world.programme, [world.member, make_person(world.org)], name="Berlin")
    berlin.time_zone = "Europe/Berlin"
    berlin.save()
    from circles.testing import schedule

    schedule(berlin, days=5)
    body = person_feed_ics(world.member, list(feed_meetings(world.member)))
    zones = {str(c["TZID"]) for c in Calendar.from_ical(body).walk("VTIMEZONE")}
    assert "Europe/Berlin" in zones


@pytest.mark.parametrize(
    "persona", ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
)
def test_every_signed_in_person_manages_only_their_own_feed(world, login, persona):
    person = getattr(world, persona)
    client = login(person)
    assert client.get(reverse("calendar_settings")).status_code == 200
    response = client.post(reverse("calendar_token_new"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "/calendar/" in text
    assert PersonCalendarToken.objects.filter(person=person, revoked_at=None).count() == 1
    assert PersonCalendarToken.objects.exclude(person=person).count() == 0
    assert client.post(reverse("calendar_token_revoke")).status_code == 302
    assert not PersonCalendarToken.objects.filter(person=person, revoked_at=None).exists()


def test_anonymous_visitors_cannot_make_or_revoke_feeds(world, client):
    assert client.post(reverse("calendar_token_new")).status_code == 302
    assert client.post(reverse("calendar_token_revoke")).status_code == 302
    assert not PersonCalendarToken.objects.exists()
