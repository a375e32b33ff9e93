"""A demo facilitator runs a whole meeting on the runner while another member joins in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from circles.demo import DEMO_PASSWORD, create_demo
from circles.growth.models import Commitment, FollowUp
from circles.meetings.models import Case, Meeting, MeetingRun, Question

from .conftest import assert_accessible, sign_in

FACILITATOR = "facilitator@northwind.example"
MEMBER = "member@northwind.example"


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def _next_meeting() -> Meeting:
    meeting = (
        Meeting.objects.filter(
            circle__name="Aspen",
            circle__organisation__slug="northwind",
            status="scheduled",
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None
    return meeting


def test_a_facilitator_runs_a_full_meeting_while_a_member_adds_questions(demo, new_page):
    meeting = _next_meeting()
    later = (
        Meeting.objects.filter(circle=meeting.circle, starts_at__gt=meeting.starts_at)
        .order_by("starts_at")
        .first()
    )
    assert later is not None
    # Give the next meeting this meeting's roles, so only the rotation can move them on.
    Meeting.objects.filter(pk=later.pk).update(
        facilitator_id=meeting.facilitator_id,
        host_id=meeting.host_id,
        note_taker_id=meeting.note_taker_id,
    )

    # The case giver prepares the case from the prompt on their home page.
    member = new_page()
    sign_in(member, MEMBER, DEMO_PASSWORD)
    member.get_by_role("link", name="Prepare my case for Aspen").click()
    member.get_by_label("A recent performance moment").check()
    member.get_by_label("In a few words").fill("Presenting the roadmap to the board")
    member.get_by_label("The situation").fill("I rushed the slides and lost the room.")
    member.get_by_label("The help you want from the circle").fill("Questions about my prep")
    member.get_by_role("button", name="Save my case").click()
    assert member.get_by_text("Presenting the roadmap to the board").first.is_visible()

    # The facilitator opens the runner from the meeting page and starts.
    runner = new_page()
    sign_in(runner, FACILITATOR, DEMO_PASSWORD)
    runner.get_by_role("link", name="Open the meeting of Aspen").click()
    runner.get_by_role("link", name="Open the meeting runner").click()
    start(runner)
    assert runner.locator("#step-title").inner_text() == "Check-in"
    # The "listens in silence" badge is hidden on steps that are not silent.
    assert not runner.locator("#step-silent").is_visible()
    assert re.match(r"^(10:00|9:5\d) left$", runner.locator("#countdown").inner_text())
    assert_accessible(runner)

    runner.get_by_role("button", name="Next step →").click()
    expect(runner.locator("#step-title")).to_have_text("Case share")
    assert "Dmitri Volkov" in runner.locator("#step-person").inner_text()
    runner.get_by_role("button", name="Next step →").click()
    expect(runner.locator("#step-title")).to_have_text("Question storm")
    assert runner.locator("#step-silent").is_visible()

    # A second member opens the runner and adds a question; it appears on the facilitator's
    # screen without a reload.
    member.goto(f"/meetings/{meeting.pk}/run/")
    assert member.locator("#step-title").inner_text() == "Question storm"
    question = member.locator("form[action$='/run/question']")
    question.get_by_label("Your question").fill("What would you prepare differently?")
    question.get_by_role("button", name="Add question").click()
    member.locator("#question-list li", has_text="What would you prepare differently?").wait_for()
    assert question.get_by_label("Your question").input_value() == ""
    runner.locator("#question-list li", has_text="What would you prepare differently?").wait_for(
        timeout=15_000
    )
    assert runner.evaluate("performance.getEntriesByType('navigation').length") == 1

    mine = runner.locator("form[action$='/run/question']")
    mine.get_by_label("Your question").fill("Who in the room mattered most to you?")
    mine.get_by_role("button", name="Add question").click()
    member.locator("#question-list li", has_text="Who in the room mattered most").wait_for(
        timeout=15_000
    )

    # The commitment, with its due date.
    runner.get_by_role("button", name="Next step →").click()
    expect(runner.locator("#step-title")).to_have_text("Action commitment")
    due = meeting.local_start.date() + dt.timedelta(days=14)
    commitment = runner.locator("form[action$='/run/commitment']")
    commitment.get_by_label("Who commits").select_option(label="Dmitri Volkov")
    commitment.get_by_label("Concrete next step").fill("Rehearse the board slides with a peer")
    commitment.get_by_label("Due by").fill(due.isoformat())
    commitment.get_by_role("button", name="Save commitment").click()
    assert runner.get_by_text("Commitment saved.").is_visible()
    assert runner.locator("#step-title").inner_text() == "Action commitment"  # after reload

    # Follow-up of an earlier commitment.
    runner.get_by_role("button", name="Next step →").click()
    expect(runner.locator("#step-title")).to_have_text("Follow-up and close")
    open_before = Commitment.objects.filter(circle=meeting.circle, status="open").count()
    follow_up = runner.locator("#follow-up form").first
    follow_up.get_by_label("Done", exact=True).check()
    follow_up.get_by_label("Reflection").fill("It went better than I feared.")
    follow_up.get_by_role("button", name=re.compile("Save follow-up")).click()
    assert runner.get_by_text("Follow-up saved.").is_visible()

    # Attendance, then finish.
    runner.locator("form[action$='/run/attendance']").get_by_role(
        "button", name="Save attendance"
    ).click()
    assert runner.get_by_text("Attendance saved.").is_visible()
    runner.get_by_label("Yes, finish it for everyone").check()
    runner.get_by_role("button", name="Finish the meeting").click()
    assert runner.get_by_text("The meeting is finished").is_visible()

    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert MeetingRun.objects.get(meeting=meeting).finished_at is not None
    case = Case.objects.get(meeting=meeting)
    assert Question.objects.filter(case=case).count() == 2
    made = Commitment.objects.get(made_at=meeting)
    assert (made.owner.email, made.due_on, made.case) == (MEMBER, due, case)
    assert FollowUp.objects.filter(meeting=meeting, outcome="done").count() == 1
    assert (
        Commitment.objects.filter(circle=meeting.circle, status="open").count() == open_before - 1
    )
    # Finishing handed the roles on: the rotation planned the next meeting again with this
    # meeting's attendance, and the case passed to someone else.
    later.refresh_from_db()
    assert later.facilitator_id is not None
    assert later.facilitator_id != meeting.facilitator_id
    held = {meeting.facilitator_id, meeting.host_id, meeting.note_taker_id}
    assert {later.facilitator_id, later.host_id, later.note_taker_id} != held
    assert later.case_giver_id is not None
    assert later.case_giver_id not in {meeting.case_giver_id, later.facilitator_id}


def start(page) -> None:
    """Start the meeting; the demo's next meeting is days ahead, so confirm starting early."""
    page.get_by_role("button", name="Start the meeting").click()
    early = page.get_by_role("button", name="Yes, start it now")
    if early.count():
        assert page.get_by_text("Start it now anyway?").is_visible()
        early.click()


def test_the_runner_is_accessible_on_a_phone(demo, new_page):
    meeting = _next_meeting()
    page = new_page(width=390, height=844)
    sign_in(page, FACILITATOR, DEMO_PASSWORD)
    page.goto(f"/meetings/{meeting.pk}/run/")
    assert_accessible(page)
    start(page)
    assert page.locator("#countdown").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert_accessible(page)
    # The countdown comes from the server's start time: after a reload 11 minutes into a
    # 10-minute step, it shows the overrun.
    MeetingRun.objects.filter(meeting=meeting).update(
        step_started_at=timezone.now() - dt.timedelta(minutes=11)
    )
    page.reload()
    clock = page.locator("#countdown")
    expect(page.locator("#countdown")).to_contain_text("over")
    assert "countdown-over" in (clock.get_attribute("class") or "")
    assert clock.inner_text().startswith("1:0")
    assert_accessible(page)
