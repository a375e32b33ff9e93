"""Browser harness: Playwright driving Debian's Chromium, headless, against the live server."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CIRCLES_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
ON_CI = os.environ.get("CI") == "true"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make for
# set-up are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package."
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


# Every page reports what its Content-Security-Policy blocked; a blocked script, style or
# form is a broken page, so the test fails.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline code";
  const where = event.documentURI;
  window.reportPolicyViolation(`${event.effectiveDirective} blocked ${blocked} on ${where}`);
});
"""


_warmed: list[str] = []


@pytest.fixture
def policy_violations() -> list[str]:
    """What the pages' Content-Security-Policy blocked during the test (it fails if any)."""
    return []


@pytest.fixture
def new_page(browser: Any, live_server: Any, policy_violations: list[str]) -> Iterator[Any]:
    """Open pages in fresh contexts (separate cookies): call with a viewport to emulate a phone,
    and ``color_scheme="dark"`` for a reader who prefers dark pages."""
    contexts = []
    violations = policy_violations

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    # The live server's first request imports and compiles what every page needs; on a busy
    # machine that can outlast a page's timeout, so it is made once before any page opens.
    if not _warmed:
        with urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=120):
            _warmed.append(live_server.url)

    def open_page(width: int = 1280, height: int = 900, color_scheme: str = "light") -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
        )
        context.set_default_timeout(10_000)
        context.expose_binding(
            "reportPolicyViolation", lambda source, text: violations.append(text)
        )
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", on_console)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def demo_pilot() -> Any:
    """The demo's pilot programme (the demo also has a new-hire programme)."""
    from circles.demo import demo_programme

    pilot = demo_programme()
    assert pilot is not None, "create the demo first"
    return pilot


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def main_nav(page: Any) -> Any:
    """The main navigation, opened first where a phone folds it behind "Menu"."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    return page.get_by_role("navigation", name="Main")


def nav_link(page: Any, name: str) -> Any:
    return main_nav(page).get_by_role("link", name=name)


def serious_accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; return violations of impact serious or critical."""
    if not AXE.exists():
        message = f"axe-core not installed at {AXE}: run `npm install`."
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    # Evaluated through the browser's debugging protocol, which the page's policy does not
    # govern (a <script> tag added to the page would be blocked as inline code).
    page.evaluate("() => {" + AXE.read_text() + "\n}")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                             'wcag22aa', 'best-practice']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [(n["target"], n.get("failureSummary", "")) for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def assert_accessible(page: Any) -> None:
    violations = serious_accessibility_violations(page)
    assert not violations, json.dumps(violations, indent=2)
