"""Registering endpoints, recording events for them, and replaying deliveries."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.lib import events as catalogue
from circles.lib.errors import DomainError
from circles.lib.outbound import address_problem
from circles.orgs.models import Person
from circles.orgs.selectors import can_manage_organisation

from .models import Delivery, Endpoint, Event
from .tasks import deliver_webhook

SECRET_MARK = "ccwhsec_"
MAX_ENDPOINTS = 20


def _require_admin(person: Person) -> None:
    if not can_manage_organisation(person):
        raise DomainError(_("Only organisation admins manage webhooks."))


def _check(url: str, events: list[str]) -> tuple[str, list[str]]:
    url = url.strip()
    if not url:
        raise DomainError(_("Give the address to send events to."), field="url")
    if len(url) > 500:
        raise DomainError(_("Keep the address under 500 characters."), field="url")
    problem = address_problem(url)
    if problem is not None:
        raise DomainError(problem, field="url")
    unknown = set(events) - set(catalogue.CATALOGUE)
    if unknown or not events:
        raise DomainError(_("Choose at least one of the events offered."), field="events")
    return url, sorted(set(events))


def _audit(endpoint: Endpoint, action: str, summary: str, **details: Any) -> None:
    audit_record(
        organisation_id=endpoint.organisation_id,
        action=action,
        object_type="webhook",
        object_id=endpoint.pk,
        summary=summary,
        details={"events": endpoint.events, **details},
    )


@transaction.atomic
def endpoint_create(
    *, created_by: Person, url: str, events: list[str], description: str = ""
) -> tuple[Endpoint, str]:
    """Register an endpoint; returns it with its signing secret (shown to the admin once)."""
    _require_admin(created_by)
    url, events = _check(url, events)
    if Endpoint.objects.filter(organisation_id=created_by.organisation_id).count() >= MAX_ENDPOINTS:
        raise DomainError(
            ngettext(
                "At most %(limit)s webhook: remove one you no longer use.",
                "At most %(limit)s webhooks: remove one you no longer use.",
                MAX_ENDPOINTS,
            )
            % {"limit": MAX_ENDPOINTS}
        )
    secret = SECRET_MARK + secrets.token_urlsafe(32)
    endpoint = Endpoint.objects.create(
        organisation_id=created_by.organisation_id,
        url=url,
        description=description.strip()[:200],
        events=events,
        secret=secret,
        created_by=created_by,
    )
    _audit(endpoint, Action.WEBHOOK_CREATED, "Registered a webhook")
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: Endpoint,
    by: Person,
    url: str,
    events: list[str],
    description: str = "",
    is_active: bool = True,
) -> Endpoint:
    _require_admin(by)
    url, events = _check(url, events)
    changed = sorted(
        name
        for name, value in (
            ("url", url),
            ("events", events),
            ("description", description.strip()[:200]),
            ("is_active", is_active),
        )
        if getattr(endpoint, name) != value
    )
    if not changed:
        return endpoint
    endpoint.url, endpoint.events, endpoint.is_active = url, events, is_active
    endpoint.description = description.strip()[:200]
    endpoint.save()
    _audit(endpoint, Action.WEBHOOK_CHANGED, "Changed: " + ", ".join(changed), fields=changed)
    return endpoint


@transaction.atomic
def endpoint_secret_renew(*, endpoint: Endpoint, by: Person) -> str:
    """A new signing secret: the old one stops verifying from the next delivery on."""
    _require_admin(by)
    secret = SECRET_MARK + secrets.token_urlsafe(32)
    endpoint.secret = secret
    endpoint.save(update_fields=["secret", "updated_at"])
    _audit(endpoint, Action.WEBHOOK_CHANGED, "Made a new signing secret", fields=["secret"])
    return secret


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint, by: Person) -> None:
    _require_admin(by)
    _audit(endpoint, Action.WEBHOOK_DELETED, "Removed a webhook", url_host=_host(endpoint.url))
    endpoint.delete()


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def _enqueue_after_commit(delivery_ids: list[int]) -> None:
    def send() -> None:
        for delivery_id in delivery_ids:
            deliver_webhook.enqueue(delivery_id)

    if delivery_ids:
        transaction.on_commit(send)


def events_record(sender: Any, events: list[catalogue.Event], **kwargs: Any) -> None:
    """The listener of ``circles.lib.events``: one event row and one delivery per subscribed
    endpoint, in the publisher's transaction; sent by the worker once it commits. Two queries
    whatever the number of events, when nobody subscribed."""
    organisations = {event.organisation_id for event in events}
    endpoints = list(
        Endpoint.objects.filter(organisation_id__in=organisations, is_active=True).only(
            "pk", "organisation_id", "events"
        )
    )
    if not endpoints:
        return
    deliveries: list[Delivery] = []
    for event in events:
        wanted = [
            e
            for e in endpoints
            if e.organisation_id == event.organisation_id and event.name in e.events
        ]
        if not wanted:
            continue
        row = Event.objects.create(
            organisation_id=event.organisation_id, name=event.name, data=event.data
        )
        deliveries += [Delivery(endpoint=e, event=row) for e in wanted]
    created = Delivery.objects.bulk_create(deliveries)
    _enqueue_after_commit([d.pk for d in created if d.pk is not None])


@transaction.atomic
def delivery_replay(*, delivery: Delivery, by: Person) -> Delivery:
    """Send the same event again (same id and body), as a new delivery with its own attempts."""
    _require_admin(by)
    if delivery.endpoint.organisation_id != by.organisation_id:
        raise DomainError(_("No such delivery."))
    again = Delivery.objects.create(
        endpoint=delivery.endpoint, event=delivery.event, replay_of=delivery
    )
    _enqueue_after_commit([again.pk])
    return again


def endpoints_of(viewer: Person) -> QuerySet[Endpoint]:
    if not can_manage_organisation(viewer):
        return Endpoint.objects.none()
    return Endpoint.objects.filter(organisation_id=viewer.organisation_id)


def recent_deliveries(endpoint: Endpoint) -> QuerySet[Delivery]:
    return (
        endpoint.deliveries.select_related("event")
        .prefetch_related("tries")
        .order_by("-created_at", "-pk")
    )
