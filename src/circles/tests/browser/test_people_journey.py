"""An admin adds a colleague and invites them; the colleague chooses a password and signs in."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from circles.notify.worker import run_pending_tasks
from circles.orgs.models import Person, Role
from circles.testing import PASSWORD, make_org, make_person

from .conftest import assert_accessible, main_nav, nav_link, sign_in


@pytest.fixture
def organisation(transactional_db: None):
    organisation = make_org("Acme")
    admin = make_person(organisation, "Ada Admin", role=Role.ADMIN)
    for number in range(3):
        make_person(organisation, f"Colleague {number}", login=False, department="Finance")
    return organisation, admin


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["laptop", "phone"])
def test_invitation_to_password_to_first_sign_in(organisation, new_page, size):
    _organisation, admin = organisation
    page = new_page(*size)
    sign_in(page, admin.email, PASSWORD)
    nav_link(page, "People").click()
    page.wait_for_url("**/people/")
    assert page.get_by_role("heading", name="People").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Work email").fill("Nia.Newcomer@Acme.example")
    page.get_by_label("Department").fill("Legal")
    assert_accessible(page)
    page.get_by_role("button", name="Add person").click()
    page.wait_for_url("**/people/*/")
    assert page.get_by_text("Nia Newcomer added and invited.").is_visible()
    assert page.get_by_text("invited", exact=True).first.is_visible()
    assert_accessible(page)

    run_pending_tasks()
    (message,) = [m for m in mail.outbox if "nia.newcomer@acme.example" in m.to[0]]
    link = re.search(r"http://\S+/accounts/welcome/\S+/", str(message.body))
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]

    main_nav(page).get_by_role("button", name=re.compile("Sign out")).click()
    page.goto(path)
    assert page.get_by_role("heading", name="Welcome: choose your password").is_visible()
    assert page.get_by_text("nia.newcomer@acme.example").is_visible()
    assert_accessible(page)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="Save password and sign in").click()
    assert (
        page.locator("#id_new_password2_error")
        .inner_text()
        .startswith("This password is too short")
    )
    # The error summary has the focus: it is where the eye (and a screen reader) goes.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.locator("#id_new_password1").fill("a-calm-river-at-dawn")
    page.locator("#id_new_password2").fill("a-calm-river-at-dawn")
    page.get_by_role("button", name="Save password and sign in").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Hello, Nia").is_visible()
    assert_accessible(page)

    main_nav(page).get_by_role("button", name=re.compile("Sign out")).click()
    sign_in(page, "NIA.NEWCOMER@acme.example", "a-calm-river-at-dawn")
    assert page.get_by_role("heading", name="Hello, Nia").is_visible()
    person = Person.objects.get(email="nia.newcomer@acme.example")
    assert person.invitation.accepted_at is not None
