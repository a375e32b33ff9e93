from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.growth.commitments.services import commitment_create
from circles.testing import SECRET_ACTION, make_circle, make_person, schedule

pytestmark = pytest.mark.django_db


def test_it_shows_my_circles_next_meeting_role_and_open_commitments(world, login):
    body = login(world.facilitator).get(reverse("home")).content.decode()
    assert "Aspen" in body
    assert "Facilitator" in body
    assert reverse("meeting_detail", args=[world.next_meeting.pk]) in body

    body = login(world.member).get(reverse("home")).content.decode()
    assert SECRET_ACTION in body
    assert "overdue" in body


def test_it_does_not_show_other_circles(world, login):
    body = login(world.outsider).get(reverse("home")).content.decode()
    assert "Aspen" not in body
    assert SECRET_ACTION not in body


def test_closed_commitments_leave_the_home_page(world, login):
    from circles.growth.commitments.services import commitment_follow_up

    commitment_follow_up(commitment=world.commitment, recorded_by=world.member, outcome="done")
    assert SECRET_ACTION not in login(world.member).get(reverse("home")).content.decode()


def test_programmes_to_oversee_appear_for_leads_only(world, login):
    lead_home = login(world.lead).get(reverse("home")).content.decode()
    assert "Programmes I oversee" in lead_home
    assert reverse("programme_detail", args=[world.programme.pk]) in lead_home
    member_home = login(world.member).get(reverse("home")).content.decode()
    assert "Programmes I oversee" not in member_home


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_circles_and_commitments(world, login):
    client = login(world.member)
    url = reverse("home")
    before = count_queries(client, url)
    for _ in range(4):
        peers = [make_person(world.org) for _ in range(3)]
        circle = make_circle(world.programme, [world.member, *peers])
        meeting = schedule(circle, days=-1)
        schedule(circle, days=5)
        for _ in range(3):
            commitment_create(
                meeting=meeting,
                owner=world.member,
                recorded_by=world.member,
                action="Another step",
                due_on=meeting.local_start.date(),
            )
    assert count_queries(client, url) == before


def test_the_circle_local_time_is_added_only_when_the_viewer_clock_differs(world, login):
    world.circle.time_zone = "America/Toronto"
    world.circle.save()
    from circles.meetings.models import Meeting

    Meeting.objects.filter(circle=world.circle).update(time_zone="America/Toronto")
    world.member.time_zone = "America/New_York"  # same clock as Toronto
    world.member.save()
    assert "in America/Toronto" not in login(world.member).get(reverse("home")).content.decode()
    world.member.time_zone = "Europe/Berlin"
    world.member.save()
    assert "in America/Toronto" in login(world.member).get(reverse("home")).content.decode()
