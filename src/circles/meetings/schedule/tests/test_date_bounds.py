"""Dates far in the past or future are a clear form error, never a 500 or a stored value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.meetings.models import Meeting
from circles.meetings.schedule.services import circle_rhythm_set, meeting_move

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59", "0001-01-01T00:00", "2200-01-01T10:00", "99999-01-01T10:00"]
)
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_moving_a_meeting_to_a_far_date_is_a_form_error(world, login, value, zone):
    Meeting.objects.filter(pk=world.next_meeting.pk).update(time_zone=zone)
    response = login(world.facilitator).post(
        reverse("meeting_move", args=[world.next_meeting.pk]), {"starts_at": value}
    )
    assert response.status_code == 400
    assert "Choose a date between" in response.content.decode()
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.sequence == 0


@pytest.mark.parametrize("first", ["0001-01-01", "9999-12-31", "1999-01-01"])
def test_a_rhythm_starting_at_a_far_date_is_a_form_error(world, login, first):
    response = login(world.member).post(
        reverse("circle_rhythm", args=[world.circle.pk]),
        {
            "cadence": "weekly",
            "meeting_weekday": "1",
            "meeting_time": "10:00",
            "time_zone": "Europe/Berlin",
            "first_meeting_on": first,
        },
    )
    assert response.status_code == 400
    assert "Choose a date between" in response.content.decode()


def test_the_services_refuse_far_dates_too(world):
    with pytest.raises(DomainError, match="within the next year"):
        meeting_move(
            meeting=world.next_meeting,
            starts_at=timezone.now() + dt.timedelta(days=800),
            moved_by=world.facilitator,
        )
    with pytest.raises(DomainError, match="Choose a date between"):
        circle_rhythm_set(
            circle=world.circle,
            changed_by=world.member,
            cadence="weekly",
            meeting_time=dt.time(10),
            first_meeting_on=dt.date(1, 1, 1),
            time_zone="UTC",
            meeting_weekday=1,
        )


def test_the_database_refuses_a_meeting_outside_the_range(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=world.next_meeting.pk).update(
            starts_at=dt.datetime(2150, 1, 1, tzinfo=dt.UTC)
        )


def test_a_member_who_has_not_accepted_the_ground_rules_cannot_change_the_rhythm(world, login):
    Membership.objects.filter(circle=world.circle, person=world.peer).update(
        ground_rules_accepted_at=None
    )
    client = login(world.peer)
    url = reverse("circle_rhythm", args=[world.circle.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {
            "cadence": "weekly",
            "meeting_weekday": "1",
            "meeting_time": "10:00",
            "time_zone": "UTC",
            "first_meeting_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 404
    world.circle.refresh_from_db()
    assert world.circle.first_meeting_on is None
    with pytest.raises(DomainError, match="accepted the circle's ground rules"):
        circle_rhythm_set(
            circle=world.circle,
            changed_by=world.peer,
            cadence="weekly",
            meeting_time=dt.time(10),
            first_meeting_on=timezone.localdate() + dt.timedelta(days=3),
            time_zone="UTC",
            meeting_weekday=1,
        )
