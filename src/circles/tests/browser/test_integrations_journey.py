"""A member makes an API token and uses it; an admin registers a webhook and a chat channel;
a circle's member gives it a video room that shows in the runner. Laptop and phone."""

from __future__ import annotations

import re

import pytest
import requests

from circles.orgs.models import Role
from circles.testing import PASSWORD, make_circle, make_org, make_person, make_programme, schedule

from .conftest import assert_accessible, main_nav, sign_in


@pytest.fixture
def people(transactional_db: None, settings):
    settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE = True  # no DNS for the example addresses
    organisation = make_org("Acme")
    admin = make_person(organisation, "Ada Admin", role=Role.ADMIN)
    lead = make_person(organisation, "Lee Lead", role=Role.LEAD)
    member = make_person(organisation, "Mo Member")
    peer = make_person(organisation, "Pia Peer")
    programme = make_programme(organisation, [lead], min_circle_size=2)
    circle = make_circle(programme, [member, peer], name="Aspen")
    meeting = schedule(circle, days=2)
    return admin, member, circle, meeting


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["laptop", "phone"])
def test_tokens_webhooks_chat_and_a_video_room(people, new_page, live_server, size):
    admin, member, circle, meeting = people
    page = new_page(*size)
    sign_in(page, member.email, PASSWORD)
    page.goto("/accounts/")
    page.get_by_role("link", name="Your API tokens").click()
    page.wait_for_url("**/me/api-tokens/")
    assert_accessible(page)
    page.get_by_label("Name").fill("My script")
    page.get_by_label("Read", exact=True).check()
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_label(re.compile("Copy it now")).input_value()
    assert secret.startswith("ccapi_")
    assert_accessible(page)
    answer = requests.get(
        f"{live_server.url}/api/v1/circles",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    )
    assert answer.json()["items"][0]["name"] == "Aspen"

    page.goto(f"/circles/{circle.pk}/")
    page.get_by_role("link", name="set up a video room").click()
    page.wait_for_url("**/video/")
    assert_accessible(page)
    page.get_by_role("button", name="Make the circle's Jitsi room").click()
    assert page.get_by_text("The circle has its own video room.").is_visible()
    page.goto(f"/meetings/{meeting.pk}/run/")
    assert (
        page.get_by_role("link", name="Join the video call")
        .get_attribute("href")
        .startswith("https://meet.jit.si/aspen-")
    )
    main_nav(page).get_by_role("button", name=re.compile("Sign out")).click()

    sign_in(page, admin.email, PASSWORD)
    page.goto("/people/")
    page.get_by_role("link", name="webhooks").click()
    page.wait_for_url("**/organisation/webhooks/")
    assert_accessible(page)
    page.get_by_label("Address").fill("https://hr.acme.example/hooks")
    page.get_by_label("Someone joined a circle").check()
    page.get_by_role("button", name="Add the webhook").click()
    assert (
        page.get_by_label(re.compile("Copy it into the receiver"))
        .input_value()
        .startswith("ccwhsec_")
    )
    page.get_by_role("link", name="https://hr.acme.example/hooks").click()
    page.wait_for_url("**/organisation/webhooks/*/")
    assert_accessible(page)

    page.goto("/organisation/chat/")
    assert_accessible(page)
    page.get_by_label("Slack").check()
    page.get_by_label("Label").fill("#aspen")
    page.get_by_label("Incoming-webhook address").fill("https://hooks.slack.com/services/T/B/x")
    page.get_by_label("A circle: its meeting reminders").check()
    page.locator("#id_circle").select_option(label="Aspen")
    page.get_by_role("button", name="Connect").click()
    assert page.get_by_text("Channel connected.").is_visible()
    assert page.get_by_role("cell", name="Slack #aspen").is_visible()
    assert_accessible(page)
