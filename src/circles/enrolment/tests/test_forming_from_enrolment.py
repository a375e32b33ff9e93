"""Forming circles from enrolment: interests feed the matching, preferred times the figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.enrolment import services
from circles.formation import services as formation
from circles.formation.inputs import people_table
from circles.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_interests_given_when_enrolling_replace_the_directorys_for_matching(pilot):
    services.enrol(
        programme=pilot.programme, person=pilot.chooser, development_interests=["Negotiation"]
    )
    from circles.enrolment.selectors import profile_interests

    table = people_table(
        Person.objects.filter(organisation=pilot.world.org),
        programme=pilot.programme,
        interests=profile_interests(pilot.programme),
    )
    row = table.index_of()[pilot.chooser.pk]
    assert table.interests[row] == frozenset({"negotiation"})


def test_the_proposal_shows_time_inside_everyones_preferred_times(pilot, login):
    for person in pilot.others:
        services.enrol(programme=pilot.programme, person=person, meeting_times=["tue-morning"])
    run = formation.formation_start(
        programme=pilot.programme,
        started_by=pilot.world.lead,
        people=formation.participants(pilot.programme, enrolled_only=True),
        options={"seconds": 1, "min_size": 4, "max_size": 4},
    )
    run = formation.formation_execute(run=run)
    # Everyone works 09:00-17:00 UTC and chose Tuesday morning: three hours a week in common.
    assert [g["preferred_minutes"] for g in run.figures["groups"]] == [180, 180]
    body = (
        login(pilot.world.lead)
        .get(reverse("formation_detail", args=[pilot.programme.pk, run.pk]))
        .content.decode()
    )
    assert "about 3 h a week in everyone's preferred times" in body


def test_circles_with_no_preferred_time_in_common_get_a_warning(pilot):
    for i, person in enumerate(pilot.others):
        services.enrol(
            programme=pilot.programme,
            person=person,
            meeting_times=["mon-morning" if i % 2 else "fri-afternoon"],
        )
    run = formation.formation_start(
        programme=pilot.programme,
        started_by=pilot.world.lead,
        people=formation.participants(pilot.programme, enrolled_only=True),
        options={"seconds": 1, "min_size": 4, "max_size": 4, "min_overlap_hours": 0},
    )
    run = formation.formation_execute(run=run)
    warnings = [w for g in run.figures["groups"] for w in g["warnings"]]
    assert "No time inside everyone's preferred meeting times." in warnings


def test_programmes_without_preferences_show_no_preferred_figure(world):
    from circles.testing import make_person

    for _ in range(6):
        make_person(world.org)
    run = formation.formation_start(
        programme=world.programme,
        started_by=world.lead,
        people=formation.participants(world.programme),
        options={"seconds": 1, "min_size": 3, "max_size": 5},
    )
    run = formation.formation_execute(run=run)
    assert all(g["preferred_minutes"] is None for g in run.figures["groups"])


def test_the_command_line_forms_circles_from_the_enrolled_people(pilot):
    from django.core.management import call_command

    from circles.formation.models import FormationRun

    pilot.programme.min_circle_size, pilot.programme.max_circle_size = 4, 4
    pilot.programme.save()
    for person in pilot.others:
        services.enrol(programme=pilot.programme, person=person)
    call_command(
        "form", "--programme", str(pilot.programme.pk), "--seconds", "1", "--enrolled", "--dry-run"
    )
    run = FormationRun.objects.get()
    assert sorted(run.participant_ids) == sorted(p.pk for p in pilot.others)
