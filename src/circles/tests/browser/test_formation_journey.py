"""A programme lead forms the demo programme's circles, swaps two people and publishes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from circles.demo import DEMO_PASSWORD, create_demo
from circles.formation.models import FormationRun
from circles.formation.solver import warm_up
from circles.groups.models import Circle
from circles.orgs.models import Person

from .conftest import assert_accessible, sign_in

LEAD = "lead@northwind.example"


@pytest.fixture
def demo(transactional_db: None) -> None:
    # Compile the solver's kernels (or load them from the disk cache) before the live server
    # gets the request: a fresh checkout compiles once, which takes longer than a page click.
    warm_up()
    create_demo()


def swappable_pair(run: FormationRun) -> tuple[int, int]:
    """Two people in the first two circles whose swap joins no manager with a report."""
    managers = dict(Person.objects.values_list("pk", "manager_id"))

    def clash(person: int, circle: list[int]) -> bool:
        return any(managers[person] == other or managers[other] == person for other in circle)

    for first in run.groups[0]:
        for second in run.groups[1]:
            rest_0 = [p for p in run.groups[0] if p != first]
            rest_1 = [p for p in run.groups[1] if p != second]
            if not clash(second, rest_0) and not clash(first, rest_1):
                return first, second
    raise AssertionError("no swappable pair in the first two circles")


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
    first, second = swappable_pair(run)
    page.locator(f"input[name=selected][value='{first}']").check()
    page.locator(f"input[name=selected][value='{second}']").check()
    page.get_by_role("button", name="Swap").click()
    expect(page.get_by_text("Swapped.")).to_be_visible()
    run.refresh_from_db()
    assert second in run.groups[0]
    assert first in run.groups[1]

    count = len(run.groups)
    page.get_by_role("button", name=f"Publish {count} circles").click()
    expect(page.get_by_text(f"{count} circles published.")).to_be_visible()
    new_circles = Circle.objects.exclude(status=Circle.Status.CLOSED)
    assert new_circles.count() == count
    assert new_circles.filter(memberships__person_id=second, memberships__left_on=None).exists()
