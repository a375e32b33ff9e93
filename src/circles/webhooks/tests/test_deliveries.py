"""Deliveries to a real HTTP receiver on loopback: signed, retried with backoff, recorded,
replayable, and without any confidential text."""

from __future__ import annotations

import json

import pytest

from circles.groups.models import Membership
from circles.groups.services import membership_end
from circles.growth.commitments.services import commitment_follow_up
from circles.lib import events
from circles.lib.errors import DomainError
from circles.lib.receiver import loopback_receiver
from circles.meetings.schedule.services import meeting_cancel
from circles.notify.worker import run_pending_tasks
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE
from circles.webhooks import services
from circles.webhooks.models import Attempt, Delivery
from circles.webhooks.signing import verify

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_posts")]


def test_a_receiver_failing_twice_gets_the_event_once_with_three_attempts_and_a_valid_signature(
    world,
):
    with loopback_receiver([500, 500, 200]) as receiver:
        endpoint, secret = services.endpoint_create(
            created_by=world.admin, url=receiver.url + "/hooks", events=[events.MEMBER_LEFT]
        )
        membership_end(membership=Membership.objects.get(circle=world.circle, person=world.peer))
        run_pending_tasks()
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.state == Delivery.State.DELIVERED
    attempts = list(Attempt.objects.filter(delivery=delivery).order_by("number"))
    assert [a.status_code for a in attempts] == [500, 500, 200]
    assert [a.number for a in attempts] == [1, 2, 3]
    assert all(a.latency_ms >= 0 for a in attempts)
    assert len(receiver.received) == 3
    assert [a for a in attempts if a.succeeded] == [attempts[-1]]
    last = receiver.received[-1]
    assert verify(
        secret,
        last.headers["Circles-Webhook-Timestamp"],
        last.body,
        last.headers["Circles-Webhook-Signature"],
    )
    assert not verify(
        "another-secret",
        last.headers["Circles-Webhook-Timestamp"],
        last.body,
        last.headers["Circles-Webhook-Signature"],
    )
    # Every attempt carries the same event.
    assert len({r.headers["Circles-Webhook-Id"] for r in receiver.received}) == 1
    body = json.loads(last.body)
    assert body["type"] == events.MEMBER_LEFT
    assert body["data"]["person"]["id"] == world.peer.pk


def test_a_receiver_that_never_recovers_is_given_up_after_the_last_attempt(world, settings):
    settings.CIRCLES_WEBHOOK_ATTEMPTS = 3
    with loopback_receiver([500] * 10) as receiver:
        endpoint, _secret = services.endpoint_create(
            created_by=world.admin, url=receiver.url, events=[events.MEMBER_LEFT]
        )
        membership_end(membership=Membership.objects.get(circle=world.circle, person=world.peer))
        run_pending_tasks()
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.state == Delivery.State.FAILED
    assert delivery.tries.count() == 3
    assert len(receiver.received) == 3


def test_a_replay_sends_the_same_event_again_as_a_new_delivery(world):
    with loopback_receiver() as receiver:
        endpoint, _secret = services.endpoint_create(
            created_by=world.admin, url=receiver.url, events=[events.MEETING_CANCELLED]
        )
        meeting_cancel(meeting=world.next_meeting, cancelled_by=world.facilitator, reason="x")
        run_pending_tasks()
        first = Delivery.objects.get(endpoint=endpoint)
        services.delivery_replay(delivery=first, by=world.admin)
        run_pending_tasks()
    assert Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.DELIVERED).count() == 2
    bodies = [json.loads(r.body) for r in receiver.received]
    assert bodies[0] == bodies[1]


def test_no_delivery_carries_confidential_text(world):
    with loopback_receiver() as receiver:
        services.endpoint_create(
            created_by=world.admin, url=receiver.url, events=list(events.CATALOGUE)
        )
        secret_reason = "Cancelled because Sam is leaving the team"
        commitment_follow_up(
            commitment=world.commitment,
            recorded_by=world.facilitator,
            outcome="done",
            reflection="Private reflection on the budget talk",
        )
        meeting_cancel(
            meeting=world.next_meeting, cancelled_by=world.facilitator, reason=secret_reason
        )
        membership_end(membership=Membership.objects.get(circle=world.circle, person=world.peer))
        run_pending_tasks()
    names = {json.loads(r.body)["type"] for r in receiver.received}
    assert names == {events.COMMITMENT_CLOSED, events.MEETING_CANCELLED, events.MEMBER_LEFT}
    everything = b"".join(r.body for r in receiver.received).decode()
    for secret in (SECRET_ACTION, SECRET_CASE, SECRET_NOTE, secret_reason, "Private reflection"):
        assert secret not in everything


def test_endpoints_that_did_not_subscribe_get_nothing_and_other_organisations_nothing(world):
    with loopback_receiver() as receiver:
        services.endpoint_create(
            created_by=world.other_admin, url=receiver.url, events=list(events.CATALOGUE)
        )
        services.endpoint_create(
            created_by=world.admin, url=receiver.url, events=[events.MEETING_HELD]
        )
        membership_end(membership=Membership.objects.get(circle=world.circle, person=world.peer))
        run_pending_tasks()
    assert receiver.received == []
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "ftp://example.org/"],
)
def test_addresses_on_this_machine_or_a_private_network_are_refused(world, settings, url):
    settings.CIRCLES_OUTBOUND_ALLOW_HTTP = False
    settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE = False
    with pytest.raises(DomainError):
        services.endpoint_create(created_by=world.admin, url=url, events=[events.MEETING_HELD])
