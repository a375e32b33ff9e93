"""The formation pages: for the programme's leads and admins only, and usable end to end."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.formation import services
from circles.formation.models import FormationRun
from circles.groups.models import Circle
from circles.testing import make_person

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]


@pytest.fixture
def run(world):
    for _ in range(10):
        make_person(world.org, login=False, department="Ops")
    started = services.formation_start(
        programme=world.programme,
        started_by=world.lead,
        people=services.participants(world.programme),
        options={"seconds": 1, "min_size": 3, "max_size": 5},
    )
    return services.formation_execute(run=started)


def urls(world, run):
    p, r = world.programme.pk, run.pk
    return {
        "get": [
            reverse("formation_new", args=[p]),
            reverse("formation_detail", args=[p, r]),
            reverse("formation_status", args=[p, r]),
        ],
        "post": [
            reverse("formation_adjust", args=[p, r]),
            reverse("formation_rerun", args=[p, r]),
            reverse("formation_publish", args=[p, r]),
        ],
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_programmes_leads_and_admins_reach_formation(world, run, login, persona):
    client = login(getattr(world, persona))
    allowed = persona in {"lead", "admin"}
    for url in urls(world, run)["get"]:
        assert client.get(url).status_code == (200 if allowed else 404), (persona, url)
    if not allowed:
        for url in urls(world, run)["post"]:
            assert client.post(url).status_code == 404, (persona, url)
        run.refresh_from_db()
        assert run.status == FormationRun.Status.DONE


def test_anonymous_visitors_are_sent_to_sign_in(world, run, client):
    for url in urls(world, run)["get"] + urls(world, run)["post"]:
        response = client.post(url) if url in urls(world, run)["post"] else client.get(url)
        assert response.status_code == 302


def test_a_lead_forms_adjusts_and_publishes_through_the_pages(world, login):
    for _ in range(10):
        make_person(world.org, login=False, department="Ops")
    client = login(world.lead)
    response = client.post(
        reverse("formation_new", args=[world.programme.pk]),
        {
            "min_size": 3,
            "max_size": 5,
            "keep_managers_apart": "on",
            "avoid_earlier_pairs": "on",
            "no_lone_members": "on",
            "min_overlap_hours": 2,
            "seconds": 1,
            **{
                f"weight_{n}": "1.0"
                for n in ["department", "location", "job_family", "level", "tenure", "time_zone"]
            },
        },
    )
    assert response.status_code == 302
    run = FormationRun.objects.get()
    assert run.status == FormationRun.Status.DONE
    page = client.get(response["Location"]).content.decode()
    assert "Circle 1" in page
    first, second = run.groups[0][0], run.groups[1][0]
    adjust = reverse("formation_adjust", args=[world.programme.pk, run.pk])
    client.post(adjust, {"action": "swap", "selected": [first, second]})
    run.refresh_from_db()
    assert second in run.groups[0]
    response = client.post(adjust, {"action": "swap", "selected": [first]})
    assert "Tick exactly two people" in client.get(response["Location"]).content.decode()
    client.post(reverse("formation_publish", args=[world.programme.pk, run.pk]))
    run.refresh_from_db()
    assert run.status == FormationRun.Status.PUBLISHED
    assert Circle.objects.filter(programme=world.programme).count() == 2 + len(run.groups)


def test_bad_choices_show_field_errors_and_start_nothing(world, login):
    response = login(world.lead).post(
        reverse("formation_new", args=[world.programme.pk]),
        {"min_size": 9, "max_size": 4, "min_overlap_hours": 2, "seconds": 1},
    )
    assert response.status_code == 400
    assert "at least the smallest" in response.content.decode()
    assert not FormationRun.objects.exists()


def test_status_reports_progress_as_json(world, run, login):
    data = (
        login(world.lead).get(reverse("formation_status", args=[world.programme.pk, run.pk])).json()
    )
    assert data["status"] == "done"
    assert data["finished"] is True
