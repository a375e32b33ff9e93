"""A member turns on two-factor sign-in with an authenticator app, then signs in with a code."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from circles.orgs.models import Role
from circles.testing import PASSWORD, make_org, make_person

from .conftest import assert_accessible, main_nav, nav_link


@pytest.fixture
def member(transactional_db: None):
    return make_person(make_org("Acme"), "Mia Member", role=Role.MEMBER)


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for the typed-in key, as a phone would compute it."""
    return str(pyotp.TOTP(secret.replace(" ", "")).at(time.time() + 30 * steps_ahead))


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["laptop", "phone"])
def test_turn_on_two_factor_then_sign_in_with_a_code(member, new_page, size):
    page = new_page(*size)
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))

    nav_link(page, "Account").click()
    page.wait_for_url("**/accounts/")
    assert page.get_by_role("heading", name="Two-factor sign-in").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    page.wait_for_url("**/accounts/two-factor/setup/")
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    assert qr.is_visible()
    assert qr.bounding_box()["width"] >= 150  # big enough for a phone camera
    assert_accessible(page)
    secret = page.locator("#secret-key").inner_text()

    # A wrong code first: a clear error, nothing turned on.
    wrong = "000000" if app_code(secret) != "000000" else "111111"
    page.get_by_label("Code from the app").fill(wrong)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.get_by_text("That code does not match").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Code from the app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url("**/accounts/two-factor/recovery-codes/")
    assert page.get_by_text("Two-factor sign-in is on.").is_visible()
    codes = page.get_by_role("list", name="Unused recovery codes").get_by_role("listitem")
    assert codes.count() == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    assert download.value.suggested_filename == "coaching-circles-recovery-codes.txt"
    assert_accessible(page)

    main_nav(page).get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Work email").fill(member.email.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/?next=*")
    assert page.get_by_role("heading", name="Enter your code").is_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill("12345")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("That code is not right").first.is_visible()
    assert_accessible(page)

    # The wrong code makes the next try wait a moment (django-otp's throttling).
    time.sleep(1.2)
    page.get_by_label("Code").fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", name=re.compile("Mia")).first.is_visible()
