from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.groups.models import Circle, Membership
from circles.groups.selectors import circles_of_member, is_current_member
from circles.groups.services import circle_create, membership_end
from circles.lib.errors import DomainError
from circles.testing import make_org, make_person, schedule

pytestmark = pytest.mark.django_db


def test_a_circle_takes_the_programme_charter_and_rhythm(world):
    people = [make_person(world.org) for _ in range(5)]
    circle = circle_create(programme=world.programme, name="Cedar", members=people)
    assert circle.ground_rules == world.programme.ground_rules
    assert circle.cadence == world.programme.cadence
    assert circle.organisation == world.org
    assert Membership.objects.filter(circle=circle, left_on__isnull=True).count() == 5


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("duplicate_name", "already has a circle"),
        ("too_many", "2 to 8 members; this one would have 9"),
        ("too_few", "2 to 8 members; this one would have 1"),
        ("foreign_person", "organisation"),
        ("same_person_twice", "only once"),
        ("blank_name", "needs a name"),
    ],
)
def test_invalid_circles_are_refused_and_nothing_is_written(world, case, message):
    people = [make_person(world.org) for _ in range(3)]
    name = "Cedar"
    if case == "duplicate_name":
        name = "aspen"
    elif case == "too_many":
        people = [make_person(world.org) for _ in range(9)]
    elif case == "too_few":
        people = people[:1]
    elif case == "foreign_person":
        people.append(make_person(make_org()))
    elif case == "same_person_twice":
        people.append(people[0])
    elif case == "blank_name":
        name = "  "
    before = (Circle.objects.count(), Membership.objects.count())
    with pytest.raises(DomainError, match=message):
        circle_create(programme=world.programme, name=name, members=people)
    assert (Circle.objects.count(), Membership.objects.count()) == before


def test_leaving_ends_membership_and_cannot_happen_twice(world):
    membership = world.circle.memberships.get(person=world.peer)
    membership_end(membership=membership)
    assert not is_current_member(world.peer, world.circle)
    assert world.circle not in circles_of_member(world.peer)
    with pytest.raises(DomainError, match="already left"):
        membership_end(membership=membership)


def test_a_person_who_left_can_rejoin(world):
    membership_end(membership=world.circle.memberships.get(person=world.peer))
    Membership.objects.create(circle=world.circle, person=world.peer, joined_on="2030-01-01")
    assert is_current_member(world.peer, world.circle)


def test_circle_page_shows_members_charter_and_meetings(world, login):
    text = login(world.member).get(reverse("circle_detail", args=[world.circle.pk]))
    body = text.content.decode()
    for expected in ("Maya Member", "Pat Peer", "What is said in the circle stays", "Scheduled"):
        assert expected in body
    assert reverse("meeting_detail", args=[world.past_meeting.pk]) in body


def test_circle_page_query_count_does_not_grow_with_meetings_or_members(world, login):
    client = login(world.member)
    url = reverse("circle_detail", args=[world.circle.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for days in range(10, 60, 5):
        schedule(world.circle, days=days, facilitator=world.facilitator)
    for _ in range(3):
        Membership.objects.create(
            circle=world.circle, person=make_person(world.org), joined_on="2030-01-01"
        )
    assert count() == before


def test_the_circle_page_shows_the_next_meetings_first_then_the_most_recent_ones(world, login):
    # A rhythm planned a year ahead: the next meeting must not hide behind next July's.
    far = [schedule(world.circle, days=days) for days in range(14, 365, 14)]
    recent = schedule(world.circle, days=-3)
    body = login(world.member).get(reverse("circle_detail", args=[world.circle.pk]))
    html = body.content.decode()
    coming_up = html.split('id="upcoming-heading"')[1].split('id="history-heading"')[0]
    past = html.split('id="history-heading"')[1]
    link = lambda m: reverse("meeting_detail", args=[m.pk])  # noqa: E731
    assert coming_up.index(link(world.next_meeting)) < coming_up.index(link(far[0]))
    assert link(far[-1]) not in coming_up
    assert f"{len(far) + 1 - 5} more planned" in coming_up
    assert past.index(link(recent)) < past.index(link(world.past_meeting))
    assert link(world.next_meeting) not in past
    assert html.index('id="upcoming-heading"') < html.index('id="members-heading"')
    assert body.context["meetings"].next_meeting == world.next_meeting


def test_circle_history_is_paginated(world, login):
    for days in range(10, 150, 7):
        schedule(world.circle, days=-days)
    client = login(world.member)
    url = reverse("circle_detail", args=[world.circle.pk])
    assert "Page 1 of 4" in client.get(url).content.decode()
    assert client.get(url + "?page=2").status_code == 200
    assert client.get(url + "?page=99").status_code == 200  # clamps to the last page
