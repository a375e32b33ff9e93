"""Long words and addresses that people write never make a page wider than the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.demo import DEMO_PASSWORD, create_demo
from circles.meetings.models import Meeting
from circles.meetings.record.services import case_record, note_add
from circles.orgs.models import Person

from .conftest import assert_accessible, sign_in

MEMBER = "member@northwind.example"
LONG_URL = "https://docs.example.org/" + "a" * 72 + "/page?x=1&y=2"
LONG_TITLE = "Stakeholder" * 18 + "Ab"
SIZES = [(1280, 900), (390, 844)]


@pytest.fixture
def meeting(transactional_db: None) -> Meeting:
    create_demo()
    member = Person.objects.get(email=MEMBER)
    meeting = (
        Meeting.objects.filter(circle__memberships__person=member, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None
    note_add(meeting=meeting, author=member, body=f"Read this first: {LONG_URL} <b>bold?</b>")
    case_record(
        meeting=meeting,
        giver=member,
        recorded_by=member,
        kind="situation",
        title=LONG_TITLE,
        situation=f"See {LONG_URL}",
    )
    return meeting


def page_width(page) -> tuple[int, int]:
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_long_address_and_a_long_case_title_fit_the_screen(meeting, new_page, width, height):
    assert len(LONG_URL) == 110
    assert len(LONG_TITLE) == 200
    page = new_page(width=width, height=height)
    sign_in(page, MEMBER, DEMO_PASSWORD)
    for name, args in [
        ("meeting_detail", [meeting.pk]),
        ("case_prepare", [meeting.pk]),
        ("circle_detail", [meeting.circle_id]),
        ("home", []),
    ]:
        page.goto(reverse(name, args=args))
        scroll, client = page_width(page)
        assert scroll == client == width, (name, scroll, client)
    page.goto(reverse("meeting_detail", args=[meeting.pk]))
    links = page.locator(".note a", has_text="docs.example.org")
    assert links.count() == 1
    assert links.first.get_attribute("href") == LONG_URL
    rel = links.first.get_attribute("rel").split()
    assert "noopener" in rel
    assert "nofollow" in rel
    # What people write is text, never markup.
    assert page.locator(".note b").count() == 0
    assert "<b>bold?</b>" in page.locator(".note").first.inner_text()
    assert_accessible(page)
