"""A facilitator runs a whole meeting with the keyboard alone: every control is reached with Tab,
shows where the focus is, and lets the focus move on; the skip link comes first."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from circles.demo import DEMO_PASSWORD, create_demo
from circles.meetings.models import Meeting, MeetingRun

from .test_meeting_runner import FACILITATOR, _next_meeting

LAPTOP, PHONE = (1280, 900), (390, 844)
MOST_TABS = 120

# What has the focus: its accessible name as a keyboard user hears it, and how it shows.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  // A box inside its label is clicked through the label too: the label is its target.
  const target = el.labels && el.labels.length && el.labels[0].contains(el) ? el.labels[0] : el;
  const box = target.getBoundingClientRect();
  return {
    name: (el.getAttribute('aria-label') || label || el.innerText || el.value || '').trim(),
    tag: el.tagName.toLowerCase(),
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    // A link inside a sentence is exempt from the target size (WCAG 2.5.8).
    inline: style.display === 'inline',
    width: box.width,
    height: box.height,
  };
}"""


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def tab_to(page: Any, name: str, *, tag: str | None = None) -> dict[str, Any]:
    """Press Tab until ``name`` has the focus, checking every stop on the way: a visible focus
    ring, a target of at least 24 by 24 pixels (but for links in running text), and that the
    focus keeps moving (no trap)."""
    stops: list[str] = []
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            stops.append("(page)")
            continue
        label = f"{focused['tag']}:{focused['name'][:40]}"
        assert focused["outline"] >= 2, f"no visible focus on {label}"
        if not focused["inline"]:
            assert focused["width"] >= 24, f"{label} is narrower than 24 px"
            assert focused["height"] >= 24, f"{label} is lower than 24 px"
        # A date or time field takes one stop per part (day, month, year, hours, minutes).
        if stops[-6:] == [label] * 6:
            raise AssertionError(f"the focus is trapped on {label}")
        stops.append(label)
        if focused["name"].startswith(name) and (tag is None or focused["tag"] == tag):
            return focused
    raise AssertionError(f"{name!r} not reached in {MOST_TABS} tabs: {stops}")


def press(page: Any, key: str = "Enter") -> None:
    """Press ``key`` on what has the focus, waiting for the page it leads to, if any (links and
    plain forms load a page; the runner's live forms answer in place)."""
    navigates = page.evaluate(
        """() => { const el = document.activeElement;
          return el.tagName === 'A'
            || (el.type === 'submit' && !el.closest('form[data-live]')); }"""
    )
    if navigates and key == "Enter":
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def sign_in_by_keyboard(page: Any) -> None:
    page.goto("/accounts/login/")
    tab_to(page, "Skip to content", tag="a")
    tab_to(page, "Work email", tag="input")
    page.keyboard.type(FACILITATOR)
    tab_to(page, "Password", tag="input")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize(("width", "height"), [LAPTOP, PHONE])
def test_a_whole_meeting_runs_from_the_keyboard(demo, new_page, width, height):
    meeting = _next_meeting()
    page = new_page(width, height)
    sign_in_by_keyboard(page)
    # The skip link is the first stop on every page, and takes the focus past the header.
    assert tab_to(page, "Skip to content", tag="a")
    page.keyboard.press("Enter")  # a link within the page: no new page
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(f"/meetings/{meeting.pk}/run/")
    tab_to(page, "Start the meeting", tag="button")
    press(page)
    if page.get_by_role("button", name="Yes, start it now").count():
        tab_to(page, "Yes, start it now", tag="button")
        press(page)
    expect(page.locator("#step-title")).to_have_text("Check-in")
    # The countdown is a timer; what changes is announced politely, not every second.
    assert page.locator("#countdown").get_attribute("role") == "timer"
    assert page.locator("#countdown-status").get_attribute("aria-live") == "polite"

    titles = ["Check-in"]
    while page.locator("#step-next").is_enabled():
        tab_to(page, "Next step", tag="button")
        press(page)
        expect(page.locator("#step-title")).not_to_have_text(titles[-1])
        titles.append(page.locator("#step-title").inner_text())
    assert titles[-1] == "Follow-up and close", titles

    # Who came: everyone is ticked; saving it marks the meeting held.
    tab_to(page, "Save attendance", tag="button")
    press(page)
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    tab_to(page, "Yes, finish it for everyone", tag="input")
    press(page, "Space")
    tab_to(page, "Finish the meeting", tag="button")
    press(page)
    expect(page.get_by_text("The meeting is finished")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert MeetingRun.objects.get(meeting=meeting).finished_at is not None
