"""Reading the audit log: an organisation's admins read their own organisation's, filtered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent

if TYPE_CHECKING:
    from circles.orgs.models import Person


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    person: str = ""
    person_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def can_read_audit_log(viewer: Person) -> bool:
    from circles.orgs.selectors import can_manage_organisation

    return can_manage_organisation(viewer)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events(viewer: Person, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The viewer's organisation's events matching the filters, newest first."""
    if not can_read_audit_log(viewer):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(organisation_id=viewer.organisation_id)
    if filters.action:
        events = events.filter(action=filters.action)
    for word in filters.actor.split()[:6]:
        events = events.filter(actor_label__icontains=word)
    if filters.person_id is not None:
        events = events.filter(target_person_id=filters.person_id)
    for word in filters.person.split()[:6]:
        events = events.filter(target_label__icontains=word)
    # Days are the viewer's own days (the active time zone).
    if filters.date_from is not None:
        events = events.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        events = events.filter(created_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return events.order_by("-created_at", "-pk")


def events_about(person: Person) -> QuerySet[AuditEvent]:
    """Everything the log says happened to one person (for their own data download)."""
    return AuditEvent.objects.filter(target_person=person).order_by("created_at", "pk")
