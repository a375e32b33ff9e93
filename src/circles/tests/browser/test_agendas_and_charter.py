"""A lead adapts a built-in agenda; a member reads the charter. Both pages pass axe-core."""

from __future__ import annotations

import pytest

from circles.demo import DEMO_PASSWORD, create_demo
from circles.meetings.models import AgendaTemplate

from .conftest import assert_accessible, nav_link, sign_in


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def test_a_lead_copies_case_clinic_and_sees_a_clear_error_when_it_no_longer_fits(demo, new_page):
    page = new_page(width=390, height=844)
    sign_in(page, "lead@northwind.example", DEMO_PASSWORD)
    nav_link(page, "Programmes").click()
    page.get_by_role("link", name="Leadership circles pilot").click()
    page.get_by_role("link", name="Agenda templates").click()
    assert page.get_by_role("heading", name="Case Clinic (70 min)").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Copy Case Clinic (70 min)").click()
    page.wait_for_url("**/agendas/*/")
    assert_accessible(page)
    page.get_by_label("Meeting length (minutes)").fill("75")
    page.locator("#id_steps-4-minutes").fill("40")  # generative dialogue
    page.get_by_role("button", name="Save template").click()
    alert = page.get_by_role("alert")
    assert "take 85 minutes" in alert.inner_text()
    assert "shorten them by 10 minutes" in alert.inner_text()
    assert page.locator("#id_steps-4-minutes").input_value() == "40"
    copy = AgendaTemplate.objects.get(programme__name="Leadership circles pilot")
    assert copy.steps.get(title="Generative dialogue").minutes == 25


def test_a_member_reads_the_charter(demo, new_page):
    page = new_page()
    sign_in(page, "member@northwind.example", DEMO_PASSWORD)
    page.locator(".circle-card").get_by_role("link", name="Aspen", exact=True).click()
    page.get_by_role("link", name="Open the charter: purpose, ground rules, expectations").click()
    assert page.get_by_role("heading", name="Our charter").is_visible()
    assert page.get_by_text("You accepted on").is_visible()
    assert_accessible(page)
