"""The network's journeys in the browser, on a laptop and a phone: a success story naming a
colleague is published only with their consent, found by a word of its body (highlighted), and
gone from page and search the moment the consent is withdrawn; a lead proposes and publishes
new-hire circles from the demo's recent hires, each with a volunteer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from circles.demo import DEMO_PASSWORD, create_demo
from circles.formation.models import FormationRun
from circles.formation.solver import warm_up
from circles.groups.models import Circle
from circles.library.models import LibraryItem
from circles.onboarding.models import Volunteer

from .conftest import assert_accessible, nav_link, sign_in

MEMBER = "member@northwind.example"
COLLEAGUE = "facilitator@northwind.example"
LEAD = "lead@northwind.example"
WORD = "lighthouse"
SIZES = [(1280, 900), (390, 844)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def search(page, word: str) -> None:
    nav_link(page, "Library").click()
    page.get_by_label("Search the library").fill(word)
    page.get_by_role("button", name="Search").click()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_story_naming_a_colleague_waits_for_consent_and_goes_when_it_is_withdrawn(
    demo, new_page, width, height
):
    author = new_page(width, height)
    sign_in(author, MEMBER, DEMO_PASSWORD)
    nav_link(author, "Library").click()
    assert_accessible(author)
    author.get_by_role("link", name="Write a success story").click()
    author.get_by_label("Title").fill("How one question changed the project")
    author.get_by_label("Your story").fill(
        f"Chiara asked me what I would do if I had no deadline. That question became a {WORD} "
        "for the whole project, and we shipped calmer."
    )
    author.get_by_label("Colleagues named in it").fill(COLLEAGUE)
    assert_accessible(author)
    author.get_by_role("button", name="Save draft").click()
    author.get_by_role("button", name="Ask to publish").click()
    expect(author.get_by_text("Sent for consent")).to_be_visible()
    story_url = author.url
    assert_accessible(author)

    reader = new_page(width, height)
    sign_in(reader, LEAD, DEMO_PASSWORD)
    search(reader, WORD)
    expect(reader.get_by_text("Nothing found")).to_be_visible()
    assert reader.goto(story_url).status == 404

    colleague = new_page(width, height)
    sign_in(colleague, COLLEAGUE, DEMO_PASSWORD)
    nav_link(colleague, "Library").click()
    colleague.get_by_role("link", name="How one question changed the project").click()
    expect(colleague.get_by_role("heading", name="You are named in this story")).to_be_visible()
    assert_accessible(colleague)
    colleague.get_by_role("button", name="I consent").click()
    expect(colleague.get_by_text("your answer is saved")).to_be_visible()

    search(reader, WORD)
    hit = reader.locator(".search-hit").first
    expect(hit.locator(".search-snippet mark", has_text=WORD)).to_be_visible()
    assert_accessible(reader)
    hit.get_by_role("link").click()
    expect(
        reader.get_by_role("heading", name="How one question changed the project")
    ).to_be_visible()

    colleague.get_by_role("button", name="I withdraw my consent").click()
    expect(colleague.get_by_text("your answer is saved")).to_be_visible()
    assert reader.reload().status == 404
    search(reader, WORD)
    expect(reader.get_by_text("Nothing found")).to_be_visible()
    assert LibraryItem.objects.get(title__contains="one question").status == "draft"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_lead_proposes_and_publishes_new_hire_circles_each_with_a_volunteer(
    demo, new_page, width, height
):
    warm_up()
    page = new_page(width, height)
    sign_in(page, LEAD, DEMO_PASSWORD)
    nav_link(page, "Programmes").click()
    page.get_by_role("link", name="New-hire circles").click()
    page.get_by_role("link", name="Onboarding circles").click()
    expect(page.get_by_text("12 new hires started in the last 60 days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Propose circles now").click()
    page.wait_for_url("**/formation/*/")
    expect(page.get_by_role("heading", name="Proposed circles")).to_be_visible()
    run = FormationRun.objects.get(programme__name="New-hire circles")
    count = len(run.groups)
    page.get_by_role("button", name=f"Publish {count} circles").click()
    expect(page.get_by_text(f"{count} circles published.")).to_be_visible()
    hosts = set(Volunteer.objects.values_list("person_id", flat=True))
    circles = Circle.objects.filter(programme__name="New-hire circles")
    assert circles.count() == count >= 2
    for circle in circles:
        assert hosts & set(circle.memberships.values_list("person_id", flat=True)), circle
