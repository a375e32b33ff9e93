"""The pages' Content-Security-Policy is enforced, and what it blocks reaches the tests."""

from __future__ import annotations

from circles.testing import PASSWORD, build_world

from .conftest import sign_in


def test_inline_style_is_blocked_and_reported(transactional_db, new_page, policy_violations):
    member = build_world().member
    page = new_page()
    sign_in(page, member.email, PASSWORD)
    page.evaluate("() => document.querySelector('main').setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).color") != (
        "rgb(255, 0, 0)"
    )
    assert any("style-src" in v for v in policy_violations), policy_violations
    policy_violations.clear()  # seen: the test itself does not fail on it
