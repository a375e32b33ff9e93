"""Browser harness: Playwright driving Debian's Chromium, headless, against the live server."""

from __future__ import annotations

import json
import os
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


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """Open pages in fresh contexts (separate cookies): call with a viewport to emulate a phone."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900) -> Any:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def serious_accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; return violations of impact serious or critical."""
    if not AXE.exists():
        message = f"axe-core not installed at {AXE}: run `npm install`."
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
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
