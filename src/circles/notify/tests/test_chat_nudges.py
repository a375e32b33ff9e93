"""Chat nudges to a local receiver standing in for Slack and Microsoft Teams: the payload each
service documents for incoming webhooks, the same preferences as email, nothing confidential,
and a circle's channel told once per meeting."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.lib.receiver import loopback_receiver
from circles.notify.chat.services import chat_channel_create
from circles.notify.models import ChatPost, Kind
from circles.notify.services import preferences_update, sweep
from circles.notify.worker import run_pending_tasks
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE, schedule

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _loopback_allowed(loopback_posts):
    loopback_posts.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def member_on_slack(world, url: str, kinds: list[str]):
    return chat_channel_create(
        created_by=world.admin,
        service="slack",
        label="@maya",
        webhook_url=url,
        kinds=kinds,
        person=world.member,
    )


def slack_shape(payload: dict) -> None:
    """Slack incoming webhooks: a top-level text fallback, and Block Kit blocks of known types
    with mrkdwn text objects."""
    assert isinstance(payload["text"], str)
    assert payload["text"]
    for block in payload["blocks"]:
        assert block["type"] in {"section", "context"}
        texts = [block["text"]] if block["type"] == "section" else block["elements"]
        for text in texts:
            assert text["type"] == "mrkdwn"
            assert isinstance(text["text"], str)


def teams_shape(payload: dict) -> None:
    """Teams (Workflows) incoming webhooks: a message with one Adaptive Card attachment."""
    assert payload["type"] == "message"
    (attachment,) = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["version"] == "1.4"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert all(item["type"] == "TextBlock" for item in card["body"])
    assert all(action["type"] == "Action.OpenUrl" for action in card["actions"])
    assert all(action["url"].startswith("http") for action in card["actions"])


def _meeting_tomorrow(world):
    meeting = schedule(world.circle, days=1, facilitator=world.facilitator)
    meeting.starts_at = timezone.now() + dt.timedelta(hours=20)
    meeting.video_url = "https://meet.jit.si/circles-aspen-x1"
    meeting.save()
    return meeting


def test_a_meeting_reminder_reaches_slack_and_teams_in_their_formats(world):
    _meeting_tomorrow(world)
    with loopback_receiver() as slack, loopback_receiver() as teams:
        member_on_slack(world, slack.url + "/services/T/B/x", [Kind.MEETING])
        chat_channel_create(
            created_by=world.admin,
            service="teams",
            label="Aspen",
            webhook_url=teams.url + "/workflows/x",
            kinds=[Kind.MEETING],
            circle=world.circle,
        )
        sweep()
        run_pending_tasks()
        sweep()  # a second sweep posts nothing again
        run_pending_tasks()
    assert len(slack.received) == 1
    assert len(teams.received) == 1  # the circle's channel once, for three members
    slack_payload = json.loads(slack.received[0].body)
    teams_payload = json.loads(teams.received[0].body)
    slack_shape(slack_payload)
    teams_shape(teams_payload)
    assert "Aspen meets" in slack_payload["text"]
    assert "https://meet.jit.si/circles-aspen-x1" in json.dumps(slack_payload)
    assert "Join the video call" in json.dumps(teams_payload)
    for received in (*slack.received, *teams.received):
        assert received.headers["Content-Type"] == "application/json"
        body = received.body.decode()
        for secret in (SECRET_ACTION, SECRET_CASE, SECRET_NOTE):
            assert secret not in body
    assert set(ChatPost.objects.values_list("state", "status_code")) == {("sent", 200)}


def test_someone_who_switched_meeting_reminders_off_gets_no_nudge_either(world):
    _meeting_tomorrow(world)
    preferences_update(person=world.member, meeting_reminders=False)
    with loopback_receiver() as slack:
        member_on_slack(world, slack.url, [Kind.MEETING])
        sweep()
        run_pending_tasks()
    assert slack.received == []


def test_a_due_commitment_nudges_its_owner_only_and_says_nothing_of_it(world):
    from circles.growth.commitments.services import commitment_create

    commitment_create(
        meeting=world.next_meeting,
        owner=world.member,
        recorded_by=world.member,
        action=SECRET_ACTION + " soon",
        due_on=timezone.localdate() + dt.timedelta(days=4),
    )
    from circles.growth.models import Commitment

    Commitment.objects.filter(owner=world.member, status="open").update(
        due_on=timezone.localdate() + dt.timedelta(days=1)
    )
    with loopback_receiver() as slack:
        member_on_slack(world, slack.url, [Kind.DUE_SOON, Kind.OVERDUE])
        sweep()
        run_pending_tasks()
    texts = [json.loads(r.body)["text"] for r in slack.received]
    assert texts
    assert all("commitment" in text for text in texts)
    assert all(SECRET_ACTION not in text for text in texts)


def test_a_failing_channel_is_tried_three_times(world):
    _meeting_tomorrow(world)
    with loopback_receiver([500, 502, 503]) as slack:
        member_on_slack(world, slack.url, [Kind.MEETING])
        sweep()
        run_pending_tasks()
    post = ChatPost.objects.get()
    assert (post.state, post.attempts, post.status_code) == ("failed", 3, 503)


def test_only_admins_connect_channels_and_circle_channels_carry_meetings_only(world, settings):
    with pytest.raises(DomainError):
        chat_channel_create(
            created_by=world.lead,
            service="slack",
            label="x",
            webhook_url="https://hooks.slack.com/services/x",
            kinds=[Kind.MEETING],
            person=world.member,
        )
    with pytest.raises(DomainError):
        chat_channel_create(
            created_by=world.admin,
            service="slack",
            label="x",
            webhook_url="https://hooks.slack.com/services/x",
            kinds=[Kind.OVERDUE],
            circle=world.circle,
        )
    settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE = False
    with pytest.raises(DomainError):
        chat_channel_create(
            created_by=world.admin,
            service="teams",
            label="x",
            webhook_url="https://chat.example.org/hook",
            kinds=[Kind.MEETING],
            person=world.member,
        )
