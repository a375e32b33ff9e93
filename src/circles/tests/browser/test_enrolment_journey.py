"""A lead opens enrolment, two members enrol (one privately names the other), the lead forms
circles from the enrolled people only, and the two end up in different circles."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from circles.enrolment import services as enrolment
from circles.formation.solver import warm_up
from circles.groups.models import Membership
from circles.orgs.models import Person, Programme, Role
from circles.orgs.services import programme_create
from circles.testing import PASSWORD, make_org, make_person

from .conftest import assert_accessible, sign_in


@dataclass
class Setting:
    programme: Programme
    lead: Person
    chooser: Person
    avoided: Person
    enrolled: list[Person]
    not_enrolled: list[Person]


@pytest.fixture
def setting(transactional_db: None) -> Setting:
    warm_up()
    org = make_org("Fabrikam")
    lead = make_person(org, "Lena Lead", role=Role.LEAD)
    chooser = make_person(org, "Chloe Chooser", department="Sales", location="Leeds")
    avoided = make_person(org, "Avery Avoided", department="Sales", location="Leeds")
    departments = ["Ops", "IT", "Finance"]
    enrolled = [
        make_person(org, f"Enrolled {i}", department=departments[i % 3], location="York")
        for i in range(6)
    ]
    not_enrolled = [make_person(org, f"Bystander {i}", department="Ops") for i in range(10)]
    programme = programme_create(
        organisation=org,
        name="Peer coaching pilot",
        purpose="Grow as leaders by helping each other with real situations.",
        objective="Better first-line leadership",
        leads=[lead],
        min_circle_size=3,
        max_circle_size=4,
    )
    # Six colleagues are already in; the two members enrol through the pages below.
    enrolment.enrolment_configure(programme=programme, by=lead, audience="everyone")
    enrolment.enrolment_open(programme=programme, by=lead)
    for person in enrolled:
        enrolment.enrol(programme=programme, person=person)
    enrolment.enrolment_close(programme=programme, by=lead)
    return Setting(programme, lead, chooser, avoided, enrolled, not_enrolled)


def enrol_through_the_page(page, *, avoid: str = "") -> None:
    page.get_by_label("What you would like to develop").fill("giving feedback, coaching")
    page.get_by_role("group", name="Tuesday").get_by_label("Morning (08:00 to 12:00)").check()
    page.get_by_role("group", name="Thursday").get_by_label("Afternoon (14:00 to 18:00)").check()
    page.get_by_label("Anyone you would rather not share a circle with (private)").fill(avoid)
    page.get_by_role("button", name="Enrol in Peer coaching pilot").click()
    expect(page.get_by_text("You are enrolled in Peer coaching pilot.")).to_be_visible()


def test_the_lead_forms_circles_from_enrolled_people_keeping_the_private_choice(setting, new_page):
    lead = new_page()
    sign_in(lead, setting.lead.email, PASSWORD)
    lead.get_by_role("link", name="Programmes").first.click()
    lead.get_by_role("link", name="Peer coaching pilot").click()
    lead.get_by_role("link", name="Enrolment").click()
    lead.get_by_text("Settings: who may enrol, places and dates").click()
    lead.get_by_role("radio", name="Everyone in the organisation, through a link").check()
    lead.get_by_role("button", name="Save settings").click()
    expect(lead.get_by_text("Enrolment settings saved.")).to_be_visible()
    lead.get_by_role("button", name="Open enrolment").click()
    expect(lead.get_by_text("Enrolment is open.")).to_be_visible()
    assert_accessible(lead)
    link = lead.get_by_label("Link for everyone in the organisation").input_value()

    chooser = new_page()
    sign_in(chooser, setting.chooser.email, PASSWORD)
    chooser.get_by_role("link", name="Read more and answer about Peer coaching pilot").click()
    expect(chooser.get_by_role("heading", name="What it asks of you")).to_be_visible()
    assert chooser.get_by_text("about 13 meetings of 60 minutes over 26 weeks").is_visible()
    enrol_through_the_page(chooser, avoid=setting.avoided.full_name)

    avoided = new_page()
    sign_in(avoided, setting.avoided.email, PASSWORD)
    # The link is absolute (SITE_URL); the live server answers on another port.
    avoided.goto(urlparse(link).path)
    enrol_through_the_page(avoided)
    # Nothing on the other person's page tells them they were named.
    assert setting.chooser.full_name not in avoided.content()

    lead.reload()
    table = lead.get_by_role("table")
    expect(table.get_by_role("rowheader", name="Chloe Chooser")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Avery Avoided")).to_be_visible()
    lead.get_by_role("button", name="Close enrolment").click()
    lead.get_by_role("link", name="Form circles from enrolled people").click()
    expect(lead.get_by_label("People who enrolled in this programme (8)")).to_be_checked()
    lead.get_by_label("Search time (seconds)").fill("1")
    lead.get_by_role("button", name="Form circles").click()
    lead.wait_for_url("**/formation/*/")
    expect(lead.get_by_role("heading", name="Proposed circles")).to_be_visible()
    assert setting.not_enrolled[0].full_name not in lead.content()
    lead.get_by_role("button", name="Publish 2 circles").click()
    expect(lead.get_by_text("2 circles published.")).to_be_visible()

    circle_of = dict(
        Membership.objects.filter(circle__programme=setting.programme).values_list(
            "person_id", "circle_id"
        )
    )
    members = {*setting.enrolled, setting.chooser, setting.avoided}
    assert set(circle_of) == {p.pk for p in members}
    assert circle_of[setting.chooser.pk] != circle_of[setting.avoided.pk]

    # After publishing, withdrawing is no longer offered.
    chooser.reload()
    expect(chooser.get_by_text("Circles have been published")).to_be_visible()
    expect(chooser.get_by_role("button", name="Withdraw from Peer coaching pilot")).to_have_count(0)


def test_the_enrolment_page_works_on_a_phone(setting, new_page):
    enrolment.enrolment_open(programme=setting.programme, by=setting.lead)
    page = new_page(width=390, height=844)
    sign_in(page, setting.chooser.email, PASSWORD)
    page.get_by_role("link", name="Read more and answer about Peer coaching pilot").click()
    expect(page.get_by_role("heading", name="Ground rules")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Anyone you would rather not share a circle with (private)").fill(
        "Nobody Atall"
    )
    page.get_by_role("button", name="Enrol in Peer coaching pilot").click()
    expect(page.get_by_text("Nobody called “Nobody Atall” works here")).to_be_visible()
    assert_accessible(page)
    enrol_through_the_page(page)
    expect(page.get_by_role("button", name="Withdraw from Peer coaching pilot")).to_be_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
