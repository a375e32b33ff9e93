"""Sending a delivery: claimed by one worker, signed, posted, recorded, retried with backoff.

A worker claims the delivery with a conditional update (pending, or sending with a lapsed
lease) and goes on only if it changed one row, so two workers never post it at once. Every
attempt is recorded with its status code (or error) and latency. A 2xx ends it; anything else
schedules the next attempt after CIRCLES_WEBHOOK_BACKOFF_SECONDS, doubling each time, until
CIRCLES_WEBHOOK_ATTEMPTS attempts were made. A receiver should de-duplicate on the event id:
a worker that dies between the receiver's answer and recording it posts once more.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from circles.lib.outbound import post_json

from .models import Attempt, Delivery
from .signing import signature
from .tasks import deliver_webhook

LEASE = dt.timedelta(minutes=2)
USER_AGENT = "CoachingCircles-Webhooks/1"


def backoff(attempts: int) -> dt.timedelta:
    """How long after the ``attempts``-th failed attempt the next one goes."""
    return dt.timedelta(seconds=settings.CIRCLES_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1))


def body_of(delivery: Delivery) -> bytes:
    event = delivery.event
    return json.dumps(
        {
            "id": str(event.uid),
            "type": event.name,
            "created_at": event.created_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "data": event.data,
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def _claim(delivery_id: int, token: str) -> bool:
    now = timezone.now()
    claimable = Q(state=Delivery.State.PENDING) | Q(
        state=Delivery.State.SENDING, lease_until__lt=now
    )
    changed = Delivery.objects.filter(claimable, pk=delivery_id).update(
        state=Delivery.State.SENDING,
        claim_token=token,
        lease_until=now + LEASE,
        attempts=F("attempts") + 1,
    )
    return changed == 1


def delivery_attempt(delivery_id: int) -> str:
    """Make the next attempt at a delivery; returns its state afterwards."""
    token = secrets.token_hex(16)
    if not _claim(delivery_id, token):
        return "not claimed"
    delivery = Delivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    endpoint = delivery.endpoint
    body = body_of(delivery)
    stamp = int(time.time())
    started = timezone.now()
    outcome = post_json(
        endpoint.url,
        body,
        {
            "User-Agent": USER_AGENT,
            "Circles-Webhook-Id": str(delivery.event.uid),
            "Circles-Webhook-Timestamp": str(stamp),
            "Circles-Webhook-Signature": signature(endpoint.secret, stamp, body),
        },
    )
    Attempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=started,
        status_code=outcome.status_code,
        latency_ms=outcome.latency_ms,
        error=outcome.error,
    )
    mine = Delivery.objects.filter(pk=delivery_id, claim_token=token)
    if outcome.ok:
        mine.update(
            state=Delivery.State.DELIVERED,
            delivered_at=timezone.now(),
            claim_token="",
            lease_until=None,
            next_attempt_at=None,
        )
        return Delivery.State.DELIVERED
    if delivery.attempts >= settings.CIRCLES_WEBHOOK_ATTEMPTS:
        mine.update(state=Delivery.State.FAILED, claim_token="", lease_until=None)
        return Delivery.State.FAILED
    retry_at = timezone.now() + backoff(delivery.attempts)
    mine.update(
        state=Delivery.State.PENDING, claim_token="", lease_until=None, next_attempt_at=retry_at
    )
    deliver_webhook.using(run_after=retry_at).enqueue(delivery_id)
    return Delivery.State.PENDING


def deliveries_requeue(now: dt.datetime | None = None) -> int:
    """For the sweep: deliveries whose worker died (lapsed lease) or whose retry was lost are
    enqueued again; a delivery claimed meanwhile is skipped by its claim."""
    now = now or timezone.now()
    stuck = list(
        Delivery.objects.filter(
            Q(state=Delivery.State.SENDING, lease_until__lt=now)
            | Q(state=Delivery.State.PENDING, next_attempt_at__lt=now - LEASE)
        ).values_list("pk", flat=True)[:1000]
    )
    for delivery_id in stuck:
        deliver_webhook.enqueue(delivery_id)
    return len(stuck)
