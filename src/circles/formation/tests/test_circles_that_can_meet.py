"""Formation ends in circles that can meet: shared working hours as a rule, a rhythm at the
best time once published, and names that mean one circle in the whole organisation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from circles.formation import services
from circles.formation.execution import formation_execute
from circles.formation.models import FormationRun
from circles.groups.models import Circle
from circles.groups.services import circle_create
from circles.lib.errors import DomainError
from circles.meetings.models import Meeting
from circles.orgs.services import programme_create
from circles.testing import make_org, make_person, make_programme

pytestmark = pytest.mark.django_db


def _organisation(zones: list[str]):
    org = make_org()
    lead = make_person(org, "Lena Lead", role="lead")
    people = [
        make_person(org, f"Person {i:02d}", login=False, department=f"D{i % 4}", time_zone=zone)
        for i, zone in enumerate(zones)
    ]
    return org, lead, people


def _run(programme, lead, **options) -> FormationRun:
    run = services.formation_start(
        programme=programme,
        started_by=lead,
        people=services.participants(programme).exclude(pk=lead.pk),
        options={"seconds": 1, "min_size": 5, "max_size": 5, **options},
    )
    return formation_execute(run=run)


def test_people_who_cannot_meet_anyone_in_working_hours_are_named():
    org, lead, _people = _organisation(["Europe/Berlin"] * 9 + ["Pacific/Kiritimati"])
    programme = make_programme(org, [lead])
    run = _run(programme, lead)
    assert run.status == FormationRun.Status.FAILED
    assert "Person 09" in run.message
    assert "working hours" in run.message
    assert "switch off the rule" in run.message


def test_with_the_rule_every_circle_shares_a_meeting_of_working_time():
    zones = ["Europe/Berlin", "Europe/London", "Asia/Singapore", "America/New_York"] * 5
    org, lead, _people = _organisation(zones)
    programme = make_programme(org, [lead])
    run = _run(programme, lead, min_overlap_hours=0)
    assert run.status == FormationRun.Status.DONE, run.message
    assert not run.figures["hard_problems"]
    assert all(g["overlap_minutes"] >= 60 for g in run.figures["groups"])


def test_without_the_rule_publishing_short_circles_asks_first():
    zones = ["Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles", "Europe/London"] * 5
    org, lead, _people = _organisation(zones)
    programme = make_programme(org, [lead])
    run = _run(programme, lead, meet_within_hours=False, min_overlap_hours=0)
    assert run.status == FormationRun.Status.DONE, run.message
    if not services.short_circles(run):
        pytest.skip("the search found circles that all share an hour")
    with pytest.raises(DomainError, match="Publish anyway"):
        services.formation_publish(run=run, published_by=lead)
    assert not programme.circles.exists()
    circles = services.formation_publish(run=run, published_by=lead, accept_short=True)
    assert len(circles) == 4


def test_a_swap_that_leaves_a_circle_without_shared_time_is_refused():
    zones = ["Europe/Berlin"] * 5 + ["Asia/Tokyo"] * 5
    org, lead, _people = _organisation(zones)
    programme = make_programme(org, [lead])
    run = _run(programme, lead, min_overlap_hours=0, keep_managers_apart=False)
    assert run.status == FormationRun.Status.DONE, run.message
    first, second = run.groups[0][0], run.groups[1][0]
    with pytest.raises(DomainError, match="less than its 60-minute meeting"):
        services.proposal_swap(run=run, first_id=first, second_id=second)
    run.refresh_from_db()
    assert first in run.groups[0]


def test_publishing_gives_each_circle_a_rhythm_at_its_best_time_with_meetings_and_roles():
    org, lead, _people = _organisation(["Europe/Berlin"] * 10)
    programme = make_programme(org, [lead], cadence="biweekly")
    run = _run(programme, lead, min_overlap_hours=0)
    circles = services.formation_publish(run=run, published_by=lead)
    for circle in Circle.objects.filter(pk__in=[c.pk for c in circles]):
        assert circle.first_meeting_on is not None
        assert circle.cadence == "biweekly"
        meetings = list(Meeting.objects.filter(circle=circle).order_by("starts_at"))
        assert len(meetings) >= 3
        assert meetings[1].starts_at - meetings[0].starts_at == dt.timedelta(days=14)
        assert all(m.facilitator_id for m in meetings)
        local = meetings[0].local_start
        assert local.weekday() < 5
        assert 9 <= local.hour < 17


def test_new_circles_never_reuse_a_name_of_the_organisation():
    org, lead, people = _organisation(["Europe/Berlin"] * 10)
    other = make_programme(org, [lead], min_circle_size=2)
    circle_create(programme=other, name="Alder", members=people[:2])
    programme = make_programme(org, [lead])
    run = _run(programme, lead, min_overlap_hours=0)
    circles = services.formation_publish(run=run, published_by=lead)
    assert "Alder" not in {c.name for c in circles}
    with pytest.raises(DomainError, match="already has a circle with that name"):
        circle_create(programme=programme, name="alder", members=people[2:7])


def test_two_programmes_cannot_share_a_name():
    org = make_org()
    lead = make_person(org, role="lead")
    programme_create(organisation=org, name="Pilot", purpose="x", leads=[lead])
    with pytest.raises(DomainError, match="already has a programme with that name"):
        programme_create(organisation=org, name="pilot ", purpose="y", leads=[lead])


def test_the_repair_lifts_short_circles_and_keeps_people_apart():
    from circles.formation.execution import repair_shared_time
    from circles.formation.inputs import PeopleTable

    # Rows 0-1 work early (UTC 01-09), rows 2-3 late (14-22), rows 4-7 in between (08-16).
    windows = [(60, 540)] * 2 + [(840, 1320)] * 2 + [(480, 960)] * 4
    table = PeopleTable(person_ids=list(range(8)), names=[f"P{i}" for i in range(8)])
    table.work_windows = np.array(windows, dtype=np.int32)
    table.keep_apart = [(0, 6)]
    groups = [[0, 2, 4, 6], [1, 3, 5, 7]]
    repaired = repair_shared_time(table, groups, 60, {})
    for rows in repaired:
        shared = min(windows[r][1] for r in rows) - max(windows[r][0] for r in rows)
        assert shared >= 60, repaired
    assert not any({0, 6} <= set(rows) for rows in repaired)
    assert sorted(r for rows in repaired for r in rows) == list(range(8))
