"""Facilitator training: the path, readiness, the rotation's preference, the home page link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.meetings.schedule.services import _member_ids
from circles.testing import make_circle, make_person
from circles.training import selectors, services
from circles.training.path import KEYS, STEPS

pytestmark = pytest.mark.django_db


def finish(person):
    for key in KEYS:
        services.training_step_complete(person=person, step=key)


def test_a_person_is_ready_when_every_step_is_done(world):
    assert not selectors.checklist(world.member).ready
    finish(world.member)
    assert selectors.checklist(world.member).ready
    services.training_step_complete(person=world.member, step="time", done=False)
    assert selectors.checklist(world.member).next_step.key == "time"
    with pytest.raises(DomainError):
        services.training_step_complete(person=world.member, step="nonsense")


def test_the_path_names_the_six_steps_in_the_products_words():
    assert [s.title for s in STEPS] == [
        "The protocol",
        "Keeping time",
        "Asking open questions",
        "Spotting advice dressed up as a question",
        "Keeping confidentiality",
        "Closing with a commitment",
    ]


def test_trained_members_lead_a_new_circles_first_meetings(world):
    people = [make_person(world.org, f"Newcomer {n}") for n in range(4)]
    finish(people[2])
    circle = make_circle(world.programme, people, name="Fresh")
    assert _member_ids(circle)[0] == people[2].pk
    assert set(_member_ids(circle)) == {p.pk for p in people}
    # Someone who joins later stays behind those who were there first, trained or not.
    late = make_person(world.org, "Late Joiner")
    finish(late)
    Membership.objects.create(
        circle=circle, person=late, joined_on=timezone.localdate() + dt.timedelta(days=1)
    )
    assert _member_ids(circle)[-1] == late.pk


def test_leads_see_who_is_ready(world, login):
    finish(world.facilitator)
    rows = selectors.programme_readiness(world.programme)
    assert {r.person.pk for r in rows if r.ready} == {world.facilitator.pk}
    client = login(world.lead)
    page = client.get(reverse("training_readiness", args=[world.programme.pk]))
    assert "1 of" in page.content.decode()
    assert (
        login(world.member)
        .get(reverse("training_readiness", args=[world.programme.pk]))
        .status_code
        == 404
    )


def test_the_facilitators_home_page_links_the_guide_to_read_next(world, login):
    services.training_step_complete(person=world.facilitator, step="protocol")
    page = login(world.facilitator).get(reverse("home")).content.decode()
    assert "You facilitate next" in page
    assert reverse("training_step", args=["time"]) in page
    assert "You facilitate next" not in login(world.peer).get(reverse("home")).content.decode()


def test_ticking_steps_off_through_the_pages(world, login):
    client = login(world.member)
    response = client.post(reverse("training_step", args=["protocol"]), {"done": "on"})
    assert response["Location"] == reverse("training_step", args=["time"])
    assert selectors.steps_done(world.member) == {"protocol"}
    assert client.get(reverse("training_step", args=["nope"])).status_code == 404
