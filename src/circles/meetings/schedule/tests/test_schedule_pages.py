"""Pages and actions for rhythms, moves, cancellations, declines and swaps: who may use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.meetings.models import Meeting
from circles.testing import World

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
MEMBERS = {"member", "facilitator"}


def posts(w: World) -> list[tuple[str, dict[str, str]]]:
    meeting = w.next_meeting.pk
    later = (w.next_meeting.local_start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    return [
        (reverse("meeting_move", args=[meeting]), {"starts_at": later}),
        (
            reverse("role_swap", args=[meeting]),
            {"role": "facilitator", "to_person": str(w.member.pk)},
        ),
        (reverse("meeting_decline", args=[meeting]), {"declining": "yes"}),
        (reverse("meeting_cancel", args=[meeting]), {"reason": "Offsite", "confirm": "on"}),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_rhythm_page_is_for_the_circles_members_only(world, login, persona):
    response = login(getattr(world, persona)).get(reverse("circle_rhythm", args=[world.circle.pk]))
    assert response.status_code == (200 if persona in MEMBERS else 404)
    if persona not in MEMBERS:
        assert world.circle.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_actions_are_refused_to_non_members_with_404_and_change_nothing(
    world, login, persona
):
    if persona in MEMBERS:
        return
    client = login(getattr(world, persona))
    for url, data in posts(world):
        assert client.post(url, data).status_code == 404, url
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.SCHEDULED
    assert world.next_meeting.sequence == 0
    response = client.post(
        reverse("circle_rhythm", args=[world.circle.pk]),
        {
            "cadence": "weekly",
            "meeting_weekday": "1",
            "meeting_time": "10:00",
            "time_zone": "UTC",
            "first_meeting_on": "2030-01-01",
        },
    )
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    urls = [reverse("circle_rhythm", args=[world.circle.pk]), reverse("calendar_settings")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for url, data in posts(world):
        assert client.post(url, data).status_code == 302
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.sequence == 0


def test_a_member_moves_swaps_declines_and_cancels_from_the_meeting_page(world, login):
    client = login(world.facilitator)
    page = client.get(reverse("meeting_detail", args=[world.next_meeting.pk])).content.decode()
    for name in ("meeting_move", "meeting_cancel", "meeting_decline", "role_swap"):
        assert reverse(name, args=[world.next_meeting.pk]) in page
    *changes, (cancel_url, cancel_data) = posts(world)
    for url, data in changes:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    # The swap made Maya the facilitator: cancelling for the circle is now hers to do.
    assert client.post(cancel_url, cancel_data).status_code == 400
    response = login(world.member).post(cancel_url, cancel_data)
    assert response.status_code == 302
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.CANCELLED
    assert world.next_meeting.sequence >= 3
    assert world.next_meeting.planned_start != world.next_meeting.starts_at
    page = client.get(reverse("meeting_detail", args=[world.next_meeting.pk])).content.decode()
    assert "Offsite" in page
    assert "Moved from its usual slot" in page


def test_bad_input_is_shown_as_a_form_error_with_400_and_nothing_is_written(world, login):
    client = login(world.facilitator)
    meeting = world.next_meeting.pk
    past = (timezone.now() - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    bad = [
        (reverse("meeting_move", args=[meeting]), {"starts_at": "not a time"}),
        (reverse("meeting_move", args=[meeting]), {"starts_at": past}),
        (reverse("role_swap", args=[meeting]), {"role": "chair", "to_person": "1"}),
        (
            reverse("role_swap", args=[meeting]),
            {"role": "host", "to_person": str(world.outsider.pk)},
        ),
        (reverse("meeting_cancel", args=[meeting]), {"reason": "x" * 600, "confirm": "on"}),
        (reverse("meeting_cancel", args=[meeting]), {"reason": "Not confirmed"}),
        (reverse("meeting_decline", args=[meeting]), {"declining": "maybe"}),
    ]
    for url, data in bad:
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert 'class="error"' in response.content.decode() or "form-errors" in (
            response.content.decode()
        )
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.sequence == 0
    assert world.next_meeting.status == Meeting.Status.SCHEDULED


def test_the_circle_page_shows_the_rhythm_and_suggested_times(world, login):
    page = login(world.member).get(reverse("circle_detail", args=[world.circle.pk]))
    text = page.content.decode()
    assert "Suggested times" in text
    assert reverse("circle_rhythm", args=[world.circle.pk]) in text


def test_saving_the_rhythm_plans_meetings_and_a_bad_rule_is_a_field_error(world, login):
    client = login(world.member)
    url = reverse("circle_rhythm", args=[world.circle.pk])
    start = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {
        "cadence": "biweekly",
        "meeting_weekday": "2",
        "meeting_time": "14:00",
        "time_zone": "Europe/Berlin",
        "first_meeting_on": start,
        "rrule": "FREQ=SECONDLY",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "FREQ=DAILY" in response.content.decode()
    world.circle.refresh_from_db()
    assert world.circle.rhythm is None
    data["rrule"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    world.circle.refresh_from_db()
    assert world.circle.rhythm is not None
    planned = world.circle.meetings.filter(starts_at__gt=timezone.now()).count()
    assert planned >= 6
    page = client.get(reverse("circle_detail", args=[world.circle.pk])).content.decode()
    assert "Every two weeks on Wednesday at 14:00 (Europe/Berlin)" in page


def test_a_suggested_time_link_fills_the_rhythm_form(world, login):
    url = reverse("circle_rhythm", args=[world.circle.pk]) + "?meeting_weekday=3&meeting_time=13:15"
    text = login(world.member).get(url).content.decode()
    assert 'value="13:15"' in text
    assert '<option value="3" selected>' in text
