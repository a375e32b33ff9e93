"""The webhook pages: an admin registers an endpoint, sees its secret once, its deliveries with
their attempts, replays one; every change is in the audit log."""

from __future__ import annotations

import re

import pytest

from circles.audit.models import Action, AuditEvent
from circles.lib import events
from circles.webhooks.models import Attempt, Delivery, Endpoint
from circles.webhooks.models import Event as WebhookEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_dns(settings):
    settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE = True


def test_an_admin_registers_a_webhook_and_sees_its_secret_once(world, login):
    client = login(world.admin)
    response = client.post(
        "/organisation/webhooks/",
        {"url": "https://hr.example.org/hooks", "events": [events.MEMBER_JOINED]},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = re.search(r'value="(ccwhsec_[^"]+)"', response.content.decode())
    assert found is not None
    endpoint = Endpoint.objects.get()
    assert endpoint.secret == found.group(1)
    page = client.get(f"/organisation/webhooks/{endpoint.pk}/").content.decode()
    assert found.group(1) not in page


def test_the_page_lists_deliveries_with_attempts_and_replays_one(world, login):
    endpoint = Endpoint.objects.create(
        organisation=world.org,
        url="https://hr.example.org/h",
        events=[events.MEETING_HELD],
        secret="ccwhsec_x",
    )
    event = WebhookEvent.objects.create(organisation=world.org, name=events.MEETING_HELD)
    delivery = Delivery.objects.create(
        endpoint=endpoint, event=event, state="delivered", attempts=2
    )
    from django.utils import timezone

    Attempt.objects.create(
        delivery=delivery, number=1, started_at=timezone.now(), status_code=500, latency_ms=12
    )
    Attempt.objects.create(
        delivery=delivery, number=2, started_at=timezone.now(), status_code=200, latency_ms=9
    )
    client = login(world.admin)
    page = client.get(f"/organisation/webhooks/{endpoint.pk}/").content.decode()
    assert "500 in 12 ms; 200 in 9 ms" in page
    response = client.post(f"/organisation/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/replay/")
    assert response.status_code == 302
    assert Delivery.objects.filter(replay_of=delivery).count() == 1


def test_registering_changing_and_removing_are_in_the_audit_log(world, login):
    client = login(world.admin)
    client.post(
        "/organisation/webhooks/",
        {"url": "https://hr.example.org/hooks", "events": [events.MEMBER_JOINED]},
    )
    endpoint = Endpoint.objects.get()
    client.post(
        f"/organisation/webhooks/{endpoint.pk}/",
        {"url": "https://hr.example.org/v2", "events": [events.MEMBER_LEFT], "is_active": "on"},
    )
    client.post(f"/organisation/webhooks/{endpoint.pk}/delete/", {"confirm": "yes"})
    actions = set(AuditEvent.objects.filter(object_type="webhook").values_list("action", flat=True))
    assert actions == {Action.WEBHOOK_CREATED, Action.WEBHOOK_CHANGED, Action.WEBHOOK_DELETED}
    assert not Endpoint.objects.exists()
