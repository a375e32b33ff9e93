"""The rules leads ask for, end to end: quotas, reporting lines, time zones, balance, the
waiting list, the command line, and the worker's path for large programmes."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles.formation import execution, services
from circles.formation.management.commands.form import parse_quota
from circles.formation.models import FormationRun
from circles.formation.tasks import form_circles
from circles.lib.errors import DomainError
from circles.orgs.models import Person

from .test_formation_flow import DEPARTMENTS, LOCATIONS, pilot  # noqa: F401 (pilot: a fixture)

pytestmark = pytest.mark.django_db

ZONES = ["Europe/Berlin", "Europe/Lisbon", "America/Toronto"]


@pytest.fixture
def org_chart(pilot):  # noqa: F811 (the fixture imported above)
    """The pilot's 30 people with a three-level line: a head, the two managers reporting to
    them, and two reports under each manager."""
    _programme, _lead, people = pilot
    for k, report in enumerate(people[3:7]):
        report.manager = people[1 + k % 2]
        report.save()
    return pilot


def run_for(programme, lead, **options) -> FormationRun:
    run = services.formation_start(
        programme=programme,
        started_by=lead,
        people=services.participants(programme),
        options={"seconds": 1, "meet_within_hours": False, "min_overlap_hours": 0, **options},
    )
    return services.formation_execute(run=run)


def where(run: FormationRun) -> dict[int, int]:
    return {pid: k for k, group in enumerate(run.groups) for pid in group}


def test_quotas_and_reporting_lines_hold_in_every_circle_and_the_proposal_says_so(org_chart):
    programme, lead, people = org_chart
    run = run_for(
        programme,
        lead,
        quotas=[
            {"attribute": "location", "min_share": 0.2, "at_least": 1},
            {"attribute": "department", "at_most": 2},
        ],
        skip_level_apart=True,
        peers_apart=True,
        balance=True,
    )
    assert run.status == FormationRun.Status.DONE, run.message
    group = where(run)
    by_pk = {p.pk: p for p in Person.objects.filter(organisation=programme.organisation)}
    for members in run.groups:
        assert set(by_pk[m].location for m in members) >= set(LOCATIONS)
        assert max(Counter(by_pk[m].department for m in members).values()) <= 2
    head = people[0]
    for report in people[3:7]:
        assert group[report.pk] != group[head.pk]  # skip level
    for first in people[3:7]:
        for second in people[3:7]:
            if first.pk != second.pk and first.manager_id == second.manager_id:
                assert group[first.pk] != group[second.pk]
    rules = {r["rule"]: r["holds"] for r in run.figures["rules"]}
    assert rules == {
        "Skip-level managers apart": True,
        "People with the same manager apart": True,
        "Every circle has at least 1 from each location with 20% or more of the people": True,
        "Every circle has at most 2 from each department": True,
    }
    assert run.figures["hard_problems"] == []
    assert 0 <= run.figures["balance"]["lowest"] <= run.figures["balance"]["highest"] <= 1


def test_an_impossible_quota_is_refused_naming_the_rule(org_chart):
    programme, lead, _people = org_chart
    run = run_for(programme, lead, quotas=[{"attribute": "department", "at_most": 1}])
    assert run.status == FormationRun.Status.FAILED
    assert "department" in run.message
    assert "at most 1" in run.message


def test_too_many_peers_for_the_circles_is_refused_naming_the_rule(org_chart):
    programme, lead, people = org_chart
    for person in people[12:]:
        person.manager = people[1]
        person.save()
    run = run_for(programme, lead, peers_apart=True)
    assert run.status == FormationRun.Status.FAILED
    assert "same manager" in run.message


def test_the_time_zone_spread_holds_and_a_far_person_waits(org_chart):
    programme, lead, people = org_chart
    for k, person in enumerate(people):
        person.time_zone = ZONES[k % 2]
        person.save()
    people[5].time_zone = "Pacific/Auckland"
    people[5].save()
    refused = run_for(programme, lead, max_zone_hours=2)
    assert refused.status == FormationRun.Status.FAILED
    assert "time zone" in refused.message
    run = run_for(programme, lead, max_zone_hours=2, waiting_list=True)
    assert run.status == FormationRun.Status.DONE, run.message
    assert [w["person_id"] for w in run.figures["waiting"]] == [people[5].pk]
    assert "time zone" in run.figures["waiting"][0]["reason"]
    assert people[5].pk not in where(run)
    assert {r["rule"]: r["holds"] for r in run.figures["rules"]} == {
        "Time zones at most 2 h 00 min apart": True
    }
    assert run.figures["hard_problems"] == []
    circles = services.formation_publish(run=run, published_by=lead)
    assert sum(c.memberships.count() for c in circles) == 29


def test_sizes_that_do_not_divide_put_the_rest_on_a_waiting_list(org_chart):
    programme, lead, _people = org_chart
    with pytest.raises(DomainError, match="cannot be split"):
        run_for(programme, lead, min_size=7, max_size=7)
    run = run_for(programme, lead, min_size=7, max_size=7, waiting_list=True)
    assert run.status == FormationRun.Status.DONE, run.message
    assert [len(g) for g in run.groups] == [7, 7, 7, 7]
    assert len(run.figures["waiting"]) == 2
    assert all("full" in w["reason"] for w in run.figures["waiting"])


def test_moves_that_break_a_quota_or_skip_level_are_refused(org_chart):
    programme, lead, people = org_chart
    run = run_for(
        programme,
        lead,
        quotas=[{"attribute": "location", "min_share": 0.2, "at_least": 1}],
        skip_level_apart=True,
    )
    group = where(run)
    head = people[0]
    report = people[3]
    with pytest.raises(DomainError, match="two levels apart"):
        services.proposal_move(run=run, person_id=report.pk, to_circle=group[head.pk])
    by_pk = {p.pk: p for p in people}
    for k, members in enumerate(run.groups):
        lone = [
            m
            for m in members
            if m in by_pk
            and sum(by_pk[x].location == by_pk[m].location for x in members if x in by_pk) == 1
        ]
        if lone:
            target = (k + 1) % len(run.groups)
            with pytest.raises(DomainError):
                services.proposal_move(run=run, person_id=lone[0], to_circle=target)
            return
    pytest.skip("no circle with a single person from a location")


def test_the_command_line_takes_the_rules(org_chart, capsys):
    programme, _lead, _people = org_chart
    call_command(
        "form",
        "--programme",
        str(programme.pk),
        "--seconds",
        "1",
        "--dry-run",
        "--quota",
        "location:min=1,share=0.2",
        "--skip-level-apart",
        "--balance",
    )
    out = capsys.readouterr().out
    assert "Skip-level managers apart: holds" in out
    assert "each location with 20% or more of the people: holds" in out
    assert "Mix per circle from" in out
    assert parse_quota("department=Sales,Legal:max=2") == {
        "attribute": "department",
        "values": ["Sales", "Legal"],
        "at_most": 2,
    }
    assert parse_quota("location:stratify=1") == {
        "attribute": "location",
        "proportional": True,
        "tolerance": 1.0,
    }
    with pytest.raises(CommandError):
        parse_quota("location:least=1")
    with pytest.raises(CommandError):
        parse_quota("location:min=x")


def test_a_bad_stored_quota_is_a_clean_error(org_chart):
    programme, lead, _people = org_chart
    for quota in ({"attribute": "salary"}, {"attribute": "location", "at_least": -1}, "x"):
        with pytest.raises(DomainError):
            services.formation_start(
                programme=programme,
                started_by=lead,
                people=services.participants(programme),
                options={"quotas": [quota]},
            )


def test_large_programmes_are_formed_by_the_worker_with_progress(org_chart, monkeypatch):
    programme, lead, _people = org_chart
    monkeypatch.setattr(services, "INLINE_LIMIT", 10)
    run = services.formation_start(
        programme=programme,
        started_by=lead,
        people=services.participants(programme),
        options={"seconds": 1, "skip_level_apart": True},
    )
    enqueued: list[int] = []
    monkeypatch.setattr(
        "circles.formation.tasks.form_circles", SimpleNamespace(enqueue=enqueued.append)
    )
    services.formation_dispatch(run=run)
    run.refresh_from_db()
    assert enqueued == [run.pk]
    assert run.status == FormationRun.Status.QUEUED
    seen: list[float] = []
    original = execution.solve_groups

    def recording(table, options, locks, *, circles, progress):
        def spy(fraction: float, message: str) -> None:
            progress(fraction, message)
            seen.append(FormationRun.objects.get(pk=run.pk).progress)

        return original(table, options, locks, circles=circles, progress=spy)

    monkeypatch.setattr(execution, "solve_groups", recording)
    assert form_circles.call(run.pk) == FormationRun.Status.DONE
    run.refresh_from_db()
    assert run.status == FormationRun.Status.DONE
    assert run.progress == 1.0
    assert max(seen) > 0  # the page's progress bar moved while the search ran
    # A second delivery of the same task does nothing.
    assert form_circles.call(run.pk) == FormationRun.Status.DONE


def test_the_proposal_page_reads_a_bounded_number_of_rows_at_any_size(login, org_chart):
    programme, lead, _people = org_chart
    counts = []
    for size in (200, 1200):
        org = programme.organisation
        Person.objects.bulk_create(
            Person(
                organisation=org,
                full_name=f"Extra {size}-{i}",
                email=f"extra{size}-{i}@example.org",
                department=DEPARTMENTS[i % 4],
                location=LOCATIONS[i % 3],
            )
            for i in range(size)
        )
        ids = list(Person.objects.filter(organisation=org).values_list("pk", flat=True))
        groups = [ids[k : k + 6] for k in range(0, len(ids), 6)]
        run = FormationRun.objects.create(
            organisation=org,
            programme=programme,
            status=FormationRun.Status.DONE,
            options={**services.default_options(programme), "participants": ids},
            groups=groups,
            figures={
                "people": len(ids),
                "circles": len(groups),
                "groups": [{"size": len(g), "distinct": {}, "spread": {}} for g in groups],
                "waiting": [{"person_id": 0, "name": "x", "reason": "y"}] * 300,
            },
        )
        client = login(lead)
        url = f"/programmes/{programme.pk}/formation/{run.pk}/?page=1"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.count(b"proposed-circle") == 24
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_circle_count_is_one_that_a_quota_can_hold(org_chart):
    """Four people in Toronto can be one in each of four circles: the count the sizes suggest
    (five) would make the quota impossible, so four circles of seven or eight are formed."""
    programme, lead, people = org_chart
    for person in people:
        if person.location == "Toronto":
            person.location = "Berlin"
            person.save()
    for person in people[:4]:
        person.location = "Toronto"
        person.save()
    run = run_for(
        programme,
        lead,
        min_size=4,
        max_size=8,
        quotas=[{"attribute": "location", "min_share": 0.1, "at_least": 1}],
    )
    assert run.status == FormationRun.Status.DONE, run.message
    assert len(run.groups) == 4
    toronto = {p.pk for p in people[:4]}
    assert all(toronto & set(group) for group in run.groups)
