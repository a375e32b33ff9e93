"""A member signs in, opens the next meeting, records a commitment and sees it on the home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from circles.demo import DEMO_PASSWORD, create_demo
from circles.growth.models import Commitment

from .conftest import assert_accessible, sign_in

MEMBER = "member@northwind.example"


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def test_member_records_a_commitment_at_the_next_meeting_and_sees_it_at_home(demo, new_page):
    page = new_page()
    sign_in(page, MEMBER, DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Hello, Dmitri").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Open the meeting of Aspen").click()
    page.wait_for_url("**/meetings/*/")
    assert page.get_by_role("heading", name="Agenda").is_visible()
    assert_accessible(page)

    due = timezone.localdate() + dt.timedelta(days=30)
    form = page.locator("form[action$='/commitments/']")
    form.get_by_label("Who commits").select_option(label="Dmitri Volkov")
    form.get_by_label("Concrete next step").fill("Share my draft roadmap with two peers")
    form.get_by_label("Due by").fill(due.isoformat())
    form.get_by_role("button", name="Save commitment").click()
    page.wait_for_url("**/meetings/*/#commitments")
    assert page.get_by_text("Commitment saved.").is_visible()

    page.get_by_role("link", name="My circles").first.click()
    item = page.locator(".commitment", has_text="Share my draft roadmap with two peers")
    assert item.is_visible()
    assert due.strftime("%-d %b %Y") in item.inner_text()
    assert Commitment.objects.filter(owner__email=MEMBER, status="open").exists()


def test_a_commitment_due_before_the_meeting_shows_a_field_error_and_saves_nothing(demo, new_page):
    page = new_page(width=390, height=844)  # a phone
    sign_in(page, MEMBER, DEMO_PASSWORD)
    page.get_by_role("link", name="Open the meeting of Aspen").click()
    before = Commitment.objects.count()
    form = page.locator("form[action$='/commitments/']")
    form.get_by_label("Concrete next step").fill("Something in the past")
    form.get_by_label("Due by").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Save commitment").click()
    error = page.locator("#id_due_on_error")
    assert error.inner_text() == "The due date cannot be before the meeting."
    assert page.get_by_label("Concrete next step").input_value() == "Something in the past"
    assert Commitment.objects.count() == before


@pytest.mark.parametrize(
    ("email", "path_name"),
    [
        ("member@northwind.example", "circle"),
        ("lead@northwind.example", "programme"),
    ],
)
def test_main_pages_have_no_serious_accessibility_violations(demo, new_page, email, path_name):
    page = new_page()
    sign_in(page, email, DEMO_PASSWORD)
    assert_accessible(page)
    if path_name == "circle":
        page.get_by_role("link", name="Aspen").first.click()
    else:
        page.get_by_role("link", name="Programmes").click()
        assert_accessible(page)
        page.get_by_role("link", name="Leadership circles pilot").click()
    assert_accessible(page)


def test_sign_in_page_is_accessible_and_rejects_a_wrong_password(demo, new_page):
    page = new_page()
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Work email").fill(MEMBER)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
