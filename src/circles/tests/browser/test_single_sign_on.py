"""Single sign-on through a real OpenID provider (npm's oidc-provider) started on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from circles.accounts.models import User
from circles.accounts.oidc import provider_forget
from circles.demo import DEMO_PASSWORD, create_demo
from circles.orgs.models import Organisation

from .conftest import ON_CI, assert_accessible, sign_in

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
NODE_MODULES = Path(__file__).resolve().parents[4] / "node_modules"
CLIENT_ID = "coaching-circles"
CLIENT_SECRET = "a-test-client-secret-that-is-long-enough"


def _unavailable(message: str) -> None:
    if ON_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def identity_provider(live_server: Any) -> Iterator[str]:
    """Start the provider for this live server's callback; yields its issuer URL."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node not found: the single sign-on test needs Node.js.")
    if not (NODE_MODULES / "oidc-provider" / "package.json").exists():
        _unavailable("oidc-provider not installed: run `npm install`.")
    process = subprocess.Popen(
        [str(node), str(SCRIPT), f"{live_server.url}/oidc/callback/"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "NODE_ENV": "test"},
    )
    first_line: list[str] = []
    reader = threading.Thread(
        target=lambda: first_line.append(process.stdout.readline()),  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    reader.join(timeout=20)
    try:
        if not first_line or not first_line[0].strip():
            raise RuntimeError("the OpenID provider did not start")
        issuer = json.loads(first_line[0])["issuer"]
        assert issuer.startswith("http://127.0.0.1:")
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def single_sign_on(
    transactional_db: None, identity_provider: str, settings: Any
) -> Iterator[Organisation]:
    """The demo organisation, with single sign-on configured against the loopback provider."""
    settings.CIRCLES_OIDC_ISSUER = identity_provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.CIRCLES_OIDC_EMAIL_DOMAINS = ["northwind.example"]
    provider_forget()
    organisation = create_demo()
    yield organisation
    provider_forget()


def sign_on(page: Any, account: str) -> None:
    """From our sign-in page, through the provider's sign-in (and consent) pages."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.wait_for_url("**/interaction/**")
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any password will do")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()
    consent = page.get_by_role("button", name="Continue")
    if "/interaction/" in page.url and consent.count():
        consent.click()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_a_member_signs_in_through_the_identity_provider_and_lands_at_home(
    single_sign_on, live_server, new_page, width, height
):
    page = new_page(width=width, height=height)
    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_on(page, "dmitri")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Hello, Dmitri").is_visible()
    assert_accessible(page)
    user = User.objects.get(email="member@northwind.example")
    assert user.last_login is not None


def test_someone_not_in_the_directory_is_refused_with_a_clear_page(single_sign_on, new_page):
    page = new_page()
    sign_on(page, "stranger")
    page.get_by_role("heading", name="We could not sign you in").wait_for()
    assert "stranger@northwind.example is not in the people directory" in page.content()
    assert page.get_by_role("link", name="Back to sign in").is_visible()
    assert_accessible(page)
    assert not User.objects.filter(email="stranger@northwind.example").exists()
    page.goto("/")
    page.wait_for_url("**/accounts/login/**")  # not signed in


def test_an_address_the_provider_has_not_verified_is_refused(single_sign_on, new_page):
    page = new_page(width=390, height=844)
    sign_on(page, "unverified")
    page.get_by_role("heading", name="We could not sign you in").wait_for()
    assert "has not confirmed that lead@northwind.example is your address" in page.content()
    assert_accessible(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_an_admin_switches_off_password_sign_in_on_the_sign_in_settings_page(
    single_sign_on, new_page, width, height
):
    page = new_page(width=width, height=height)
    sign_in(page, "admin@northwind.example", DEMO_PASSWORD)
    page.goto("/programmes/")
    page.get_by_role("link", name="Sign-in settings").click()
    page.wait_for_url("**/organisation/sign-in/")
    assert page.get_by_text("/oidc/callback/").is_visible()
    assert_accessible(page)
    page.get_by_label("People may sign in with a password").uncheck()
    page.get_by_label("Email domains").fill("northwind.example")
    page.get_by_role("button", name="Save sign-in settings").click()
    assert page.get_by_text("Sign-in settings saved.").is_visible()
    assert_accessible(page)
    single_sign_on.refresh_from_db()
    assert not single_sign_on.password_sign_in
    assert single_sign_on.email_domains == ["northwind.example"]
