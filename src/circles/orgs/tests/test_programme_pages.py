from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.groups.models import Circle
from circles.orgs.models import Programme
from circles.testing import make_circle, make_person, make_programme

pytestmark = pytest.mark.django_db

PROGRAMME_FORM = {
    "name": "Spring pilot",
    "kind": "pilot",
    "purpose": "Peer learning for new managers.",
    "objective": "Retain new managers",
    "cadence": "biweekly",
    "meeting_minutes": "60",
    "min_circle_size": "5",
    "max_circle_size": "8",
    "cycle_weeks": "26",
    "starts_on": "",
    "ground_rules": "Confidentiality\nRespectful listening",
}


def test_a_lead_creates_a_programme_and_leads_it(world, login):
    response = login(world.lead).post(reverse("programme_create"), PROGRAMME_FORM)
    programme = Programme.objects.get(name="Spring pilot")
    assert response.status_code == 302
    assert response["Location"] == reverse("programme_detail", args=[programme.pk])
    assert list(programme.leads.all()) == [world.lead]
    assert programme.organisation == world.org
    assert programme.agenda_template is not None


def test_impossible_size_bounds_show_a_field_error_and_create_nothing(world, login):
    data = {**PROGRAMME_FORM, "min_circle_size": "9", "max_circle_size": "4"}
    response = login(world.lead).post(reverse("programme_create"), data)
    assert response.status_code == 400
    assert "at least the smallest" in response.content.decode()
    assert not Programme.objects.filter(name="Spring pilot").exists()


def test_a_lead_adds_a_circle_by_member_emails(world, login):
    people = [make_person(world.org) for _ in range(5)]
    response = login(world.lead).post(
        reverse("circle_create", args=[world.programme.pk]),
        {
            "name": "Cedar",
            "member_emails": "\n".join(p.email.upper() for p in people),
            "time_zone": "Europe/Lisbon",
            "video_url": "",
            "location": "Room 4",
        },
    )
    assert response.status_code == 302
    circle = Circle.objects.get(name="Cedar")
    assert set(circle.memberships.values_list("person_id", flat=True)) == {p.pk for p in people}
    assert circle.time_zone == "Europe/Lisbon"


def test_unknown_emails_are_named_and_nothing_is_created(world, login):
    response = login(world.lead).post(
        reverse("circle_create", args=[world.programme.pk]),
        {
            "name": "Cedar",
            "member_emails": f"{world.member.email}\nnobody@example.com",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 400
    assert "nobody@example.com" in response.content.decode()
    assert not Circle.objects.filter(name="Cedar").exists()


def test_people_of_another_organisation_cannot_be_added(world, login):
    response = login(world.lead).post(
        reverse("circle_create", args=[world.programme.pk]),
        {"name": "Cedar", "member_emails": world.other_admin.email, "time_zone": "UTC"},
    )
    assert response.status_code == 400
    assert not Circle.objects.filter(name="Cedar").exists()


def test_a_duplicate_circle_name_is_a_field_error(world, login):
    response = login(world.lead).post(
        reverse("circle_create", args=[world.programme.pk]),
        {
            "name": "Aspen",
            "member_emails": f"{world.member.email}\n{world.peer.email}",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 400
    assert "already has a circle with that name" in response.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_programme_pages_query_count_does_not_grow_with_circles_or_programmes(world, login):
    client = login(world.admin)
    detail = reverse("programme_detail", args=[world.programme.pk])
    index = reverse("programme_index")
    before = (count_queries(client, detail), count_queries(client, index))
    for _ in range(5):
        make_circle(world.programme, [make_person(world.org) for _ in range(4)])
        make_programme(world.org, [world.lead])
    assert (count_queries(client, detail), count_queries(client, index)) == before


def test_programme_circles_are_paginated(world, login):
    for _ in range(25):
        make_circle(world.programme, [make_person(world.org, login=False) for _ in range(2)])
    client = login(world.lead)
    body = client.get(reverse("programme_detail", args=[world.programme.pk])).content.decode()
    assert "Page 1 of 2" in body
    assert "(27)" in body
