"""A programme lead forms the demo programme's circles, swaps two people and publishes."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from django.db import transaction
from playwright.sync_api import expect

from circles.demo import DEMO_PASSWORD, create_demo
from circles.formation import services
from circles.formation.models import FormationRun
from circles.formation.solver import warm_up
from circles.groups.models import Circle
from circles.lib.errors import DomainError
from circles.orgs.models import Person

from .conftest import assert_accessible, sign_in

LEAD = "lead@northwind.example"


@pytest.fixture
def demo(transactional_db: None) -> None:
    # Compile the solver's kernels (or load them from the disk cache) before the live server
    # gets the request: a fresh checkout compiles once, which takes longer than a page click.
    warm_up()
    create_demo()


def swappable_pair(run: FormationRun) -> tuple[int, int, int, int]:
    """Two people in different circles whose swap keeps every hard rule (managers apart,
    shared working hours), with the indexes of their circles: tried through the service, and
    rolled back. A tight proposal may leave no such pair between two given circles, so every
    pair of circles is tried."""
    groups = run.groups
    for left, right in combinations(range(len(groups)), 2):
        for first in groups[left]:
            for second in groups[right]:
                try:
                    with transaction.atomic():
                        services.proposal_swap(run=run, first_id=first, second_id=second)
                        raise _Undo
                except _Undo:
                    return first, second, left, right
                except DomainError:
                    continue
    raise AssertionError("no swappable pair in the proposal")


class _Undo(Exception):
    pass


def test_lead_forms_swaps_and_publishes_the_demo_programme(demo, new_page):
    page = new_page()
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.get_by_role("link", name="Programmes").first.click()
    page.get_by_role("link", name="Leadership circles pilot").click()
    page.get_by_role("link", name="Form circles").click()
    assert_accessible(page)
    page.get_by_label("Search time (seconds)").fill("1")
    page.get_by_role("button", name="Form circles").click()
    page.wait_for_url("**/formation/*/")
    assert page.get_by_role("heading", name="Proposed circles").is_visible()
    assert page.get_by_role("heading", name="Circle 1", exact=False).first.is_visible()
    assert_accessible(page)

    run = FormationRun.objects.get()
    first, second, left, right = swappable_pair(run)
    page.locator(f"input[name=selected][value='{first}']").check()
    page.locator(f"input[name=selected][value='{second}']").check()
    page.get_by_role("button", name="Swap").click()
    expect(page.get_by_text("Swapped.")).to_be_visible()
    run.refresh_from_db()
    assert second in run.groups[left]
    assert first in run.groups[right]

    count = len(run.groups)
    page.get_by_role("button", name=f"Publish {count} circles").click()
    expect(page.get_by_text(f"{count} circles published.")).to_be_visible()
    new_circles = Circle.objects.exclude(status=Circle.Status.CLOSED)
    assert new_circles.count() == count
    assert new_circles.filter(memberships__person_id=second, memberships__left_on=None).exists()


def _add_a_team_lead() -> tuple[Person, Person, list[Person]]:
    """Give the demo a three-level reporting line: a department head, a team lead under them,
    and two of the head's reports moved under the team lead."""
    staff = list(Person.objects.filter(department="Engineering").order_by("pk"))
    head = next(p for p in staff if p.manager_id is None)
    reports = [p for p in staff if p.manager_id == head.pk]
    team_lead, moved = reports[0], reports[1:3]
    for person in moved:
        person.manager = team_lead
        person.save(update_fields=["manager"])
    return head, team_lead, moved


def test_lead_forms_the_demo_with_a_location_quota_and_skip_level_apart(demo, new_page):
    head, _team_lead, moved = _add_a_team_lead()
    page = new_page()
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.get_by_role("link", name="Programmes").first.click()
    page.get_by_role("link", name="Leadership circles pilot").click()
    page.get_by_role("link", name="Form circles").click()
    page.get_by_label("Search time (seconds)").fill("1")
    page.get_by_label("Someone from every location with at least this share of people (%)").fill(
        "10"
    )
    page.get_by_label("Never put someone with their manager's manager (skip-level)").check()
    # Every location in every circle spans Singapore to Toronto: no shared working hours.
    page.get_by_label(
        "Members can meet inside everyone's working hours (a rule, not a wish)"
    ).uncheck()
    assert_accessible(page)
    page.get_by_role("button", name="Form circles").click()
    page.wait_for_url("**/formation/*/")
    rules = page.locator("#rule-checks")
    expect(rules.get_by_text("Skip-level managers apart: holds in every circle")).to_be_visible()
    expect(
        rules.get_by_text(
            "Every circle has at least 1 from each location with 10% or more of the people: "
            "holds in every circle"
        )
    ).to_be_visible()
    assert_accessible(page)

    # The same, checked from the proposal itself.
    run = FormationRun.objects.get()
    assert run.status == FormationRun.Status.DONE, run.message
    circle_of = {pid: k for k, group in enumerate(run.groups) for pid in group}
    for person in moved:
        assert circle_of[person.pk] != circle_of[head.pk]
    located = dict(Person.objects.filter(pk__in=circle_of).values_list("pk", "location"))
    counts = Counter(located.values())
    wanted = {loc for loc, n in counts.items() if n >= 0.1 * len(located)}
    for group in run.groups:
        assert wanted <= {located[pid] for pid in group}

    phone = new_page(390, 844)
    sign_in(phone, LEAD, DEMO_PASSWORD)
    phone.goto(page.url)
    expect(phone.locator("#rule-checks")).to_be_visible()
    assert_accessible(phone)
