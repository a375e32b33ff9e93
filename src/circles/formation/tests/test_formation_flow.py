"""Forming a programme's circles: choices, the proposal, adjustments and publication."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from circles.formation import services
from circles.formation.models import FormationRun
from circles.groups.models import Circle, Membership
from circles.lib.errors import DomainError
from circles.orgs.models import Person
from circles.testing import make_org, make_person, make_programme

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["Sales", "Finance", "Engineering", "People"]
LOCATIONS = ["Berlin", "Lisbon", "Toronto"]


@pytest.fixture
def pilot():
    """An organisation of 30 people with a manager and two reports, and a programme."""
    org = make_org()
    lead = make_person(org, "Lena Lead", role="lead")
    people = [
        make_person(
            org,
            f"Person {i:02d}",
            login=False,
            department=DEPARTMENTS[i % 4],
            location=LOCATIONS[i % 3],
            level=1 + i % 5,
        )
        for i in range(29)
    ]
    boss = people[0]
    for report in people[1:3]:
        report.manager = boss
        report.save()
    programme = make_programme(org, [lead])
    return programme, lead, people


def run_for(programme, lead, **options) -> FormationRun:
    run = services.formation_start(
        programme=programme,
        started_by=lead,
        people=services.participants(programme),
        options={"seconds": 1, **options},
    )
    return services.formation_execute(run=run)


def group_of(run: FormationRun, person_id: int) -> int:
    return next(i for i, g in enumerate(run.groups) if person_id in g)


@pytest.mark.parametrize(
    ("people", "low", "high", "expected"),
    [(30, 5, 8, 5), (60, 5, 8, 9), (12, 5, 8, 2), (8, 5, 8, 1), (100, 3, 4, 29)],
)
def test_circle_count_keeps_sizes_near_the_middle_of_the_bounds(people, low, high, expected):
    assert services.circle_count(people, low, high) == expected


@pytest.mark.parametrize(("people", "low", "high"), [(4, 5, 8), (9, 5, 8), (11, 6, 6)])
def test_circle_count_says_when_sizes_are_impossible(people, low, high):
    with pytest.raises(DomainError):
        services.circle_count(people, low, high)


def test_a_run_respects_sizes_and_keeps_managers_apart(pilot):
    programme, lead, people = pilot
    run = run_for(programme, lead)
    assert run.status == FormationRun.Status.DONE, run.message
    participants = sorted(pid for g in run.groups for pid in g)
    assert participants == sorted(
        Person.objects.filter(organisation=programme.organisation).values_list("pk", flat=True)
    )
    assert all(5 <= len(g) <= 8 for g in run.groups)
    boss = people[0]
    for report in people[1:3]:
        assert group_of(run, boss.pk) != group_of(run, report.pk)
    assert not run.figures["hard_problems"]


def test_circles_mix_departments(pilot):
    programme, lead, _people = pilot
    run = run_for(programme, lead)
    assert min(g["distinct"]["department"] for g in run.figures["groups"]) >= 3


def test_impossible_sizes_are_refused_before_anything_runs(pilot):
    programme, lead, _people = pilot
    with pytest.raises(DomainError, match="cannot be split"):
        run_for(programme, lead, min_size=7, max_size=7)
    assert not FormationRun.objects.exists()


def test_a_swap_changes_both_circles_and_the_figures(pilot):
    programme, lead, people = pilot
    run = run_for(programme, lead)
    a = run.groups[0][0]
    b = next(pid for pid in run.groups[1] if pid not in {p.pk for p in people[:3]})
    if a in {p.pk for p in people[:3]}:
        a = next(pid for pid in run.groups[0] if pid not in {p.pk for p in people[:3]})
    run = services.proposal_swap(run=run, first_id=a, second_id=b)
    assert group_of(run, a) == 1
    assert group_of(run, b) == 0
    assert "previous" in run.figures


def test_a_move_that_joins_a_manager_and_report_is_refused(pilot):
    programme, lead, people = pilot
    # Loose sizes, so that only the manager rule can refuse the move.
    run = run_for(programme, lead, min_size=3, max_size=8)
    boss, report = people[0], people[1]
    target = group_of(run, boss.pk)
    before = [list(g) for g in run.groups]
    with pytest.raises(DomainError, match="manages"):
        services.proposal_move(run=run, person_id=report.pk, to_circle=target)
    run.refresh_from_db()
    assert run.groups == before


def test_a_move_below_the_smallest_size_is_refused(pilot):
    programme, lead, people = pilot
    run = run_for(programme, lead, min_size=6, max_size=6)
    managed = {p.pk for p in people[:3]}  # the manager and reports: no manager rule can fire
    person = next(pid for pid in run.groups[0] if pid not in managed)
    with pytest.raises(DomainError, match="drop below"):
        services.proposal_move(run=run, person_id=person, to_circle=1)


def test_locks_survive_a_rerun(pilot):
    programme, lead, _people = pilot
    run = run_for(programme, lead)
    first, second = run.groups[0][0], run.groups[1][0]
    run = services.proposal_lock(run=run, person_id=first)
    run = services.proposal_pair_rule(run=run, first_id=first, second_id=second, together=True)
    rerun = services.formation_execute(run=services.formation_rerun(run=run, started_by=lead))
    assert rerun.status == FormationRun.Status.DONE, rerun.message
    assert group_of(rerun, first) == 0
    assert group_of(rerun, second) == 0


def test_keep_apart_holds_in_a_rerun(pilot):
    programme, lead, _people = pilot
    run = run_for(programme, lead)
    first, second = run.groups[0][0], run.groups[0][1]
    run = services.proposal_pair_rule(run=run, first_id=first, second_id=second, together=False)
    rerun = services.formation_execute(run=services.formation_rerun(run=run, started_by=lead))
    assert group_of(rerun, first) != group_of(rerun, second)


def test_publishing_creates_every_circle_and_membership_at_once(pilot):
    programme, lead, _people = pilot
    run = run_for(programme, lead)
    circles = services.formation_publish(run=run, published_by=lead)
    assert len(circles) == len(run.groups)
    for circle, group in zip(circles, run.groups, strict=True):
        members = set(Membership.objects.filter(circle=circle).values_list("person_id", flat=True))
        assert members == set(group)
    run.refresh_from_db()
    assert run.status == FormationRun.Status.PUBLISHED
    with pytest.raises(DomainError):
        services.formation_publish(run=run, published_by=lead)


def test_a_new_cycle_avoids_earlier_pairs_and_closes_old_circles(pilot):
    programme, lead, _people = pilot
    first = run_for(programme, lead)
    services.formation_publish(run=first, published_by=lead)
    old_circles = set(Circle.objects.values_list("pk", flat=True))
    second = run_for(programme, lead)
    repeated = sum(g["repeated_pairs"] for g in second.figures["groups"])
    total_pairs = sum(len(g) * (len(g) - 1) // 2 for g in second.groups)
    assert repeated < total_pairs * 0.25
    services.formation_publish(run=second, published_by=lead)
    assert not Circle.objects.filter(pk__in=old_circles).exclude(status="closed").exists()
    assert Membership.objects.filter(left_on__isnull=True).count() == 30


def test_publishing_is_all_or_nothing(pilot, monkeypatch):
    programme, lead, _people = pilot
    run = run_for(programme, lead)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Membership.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.formation_publish(run=run, published_by=lead)
    assert not Circle.objects.exists()
    run.refresh_from_db()
    assert run.status == FormationRun.Status.DONE


def test_the_cli_dry_run_prints_the_proposal_and_publishes_nothing(pilot, capsys):
    programme, _lead, _people = pilot
    call_command("form", "--programme", str(programme.pk), "--seconds", "1", "--dry-run")
    out = capsys.readouterr().out
    assert "Proposal" in out
    assert "Dry run" in out
    assert not Circle.objects.exists()


def test_the_cli_publishes(pilot):
    programme, _lead, _people = pilot
    call_command("form", "--programme", str(programme.pk), "--seconds", "1")
    assert Circle.objects.filter(programme=programme).count() == 5


def test_the_cli_explains_impossible_sizes():
    org = make_org()
    programme = make_programme(org, [])
    for _ in range(3):
        make_person(org, login=False)
    with pytest.raises(CommandError, match="cannot fill a circle"):
        call_command("form", "--programme", str(programme.pk))


def test_a_run_searches_side_by_side_as_the_deployment_allows(pilot, settings, monkeypatch):
    from circles.formation import solve as solving

    asked: list[int] = []
    real = solving.solve

    def counting(*args, **kwargs):
        asked.append(kwargs["workers"])
        solution = real(*args, **kwargs)
        assert solution.stats.workers == kwargs["workers"]
        return solution

    monkeypatch.setattr(solving, "solve", counting)
    settings.CIRCLES_FORMATION_SEARCHES = 2
    programme, lead, _people = pilot
    run = run_for(programme, lead)
    assert run.status == FormationRun.Status.DONE, run.message
    assert asked == [2]
    assert sorted(pid for g in run.groups for pid in g) == sorted(run.participant_ids)
