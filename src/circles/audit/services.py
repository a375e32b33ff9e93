"""Writing the audit log: recording events, the retention purge, redaction after an erasure.

``audit_record`` is the one way in; services and views call it where the thing happens (no
signals), inside their own transaction, so an event exists exactly when its change does.
The purge and the redaction are the only writes that touch existing events, and they say so
with explicit SQL: the ORM refuses both (see ``models.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .context import Actor, current_actor
from .models import AuditEvent

if TYPE_CHECKING:
    from circles.orgs.models import Person

# How an erased person is named wherever their name was.
FORMER_MEMBER = "A former member"
# Details hold ids, field names and counts; a longer string is a mistake, cut short.
MAX_DETAIL_TEXT = 200
PURGE_BATCH = 5000

Progress = Callable[[int], None]


def _bounded(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_DETAIL_TEXT]
    if isinstance(value, Mapping):
        return {str(k)[:MAX_DETAIL_TEXT]: _bounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_bounded(v) for v in value]
    return value


def _details(details: Mapping[str, Any] | None) -> dict[str, Any]:
    if not details:
        return {}
    # Through JSON once, so dates and decimals are stored the way they will be read back.
    plain: dict[str, Any] = json.loads(json.dumps(dict(details), cls=DjangoJSONEncoder))
    bounded: dict[str, Any] = _bounded(plain)
    return bounded


def _event(
    *,
    organisation_id: int,
    action: str,
    target: Person | None,
    object_type: str,
    object_id: Any,
    summary: str,
    details: Mapping[str, Any] | None,
    actor: Actor,
    now: dt.datetime,
) -> AuditEvent:
    return AuditEvent(
        organisation_id=organisation_id,
        actor_kind=actor.kind,
        actor_id=actor.person_id,
        actor_label=actor.label[:200],
        action=action,
        target_person=target,
        target_label=target.full_name[:200] if target is not None else "",
        object_type=object_type[:40],
        object_id=str(object_id if object_id is not None else "")[:64],
        summary=summary[:300],
        details=_details(details),
        ip=actor.ip,
        created_at=now,
    )


def audit_record(
    *,
    organisation_id: int,
    action: str,
    target: Person | None = None,
    object_type: str = "",
    object_id: Any = "",
    summary: str = "",
    details: Mapping[str, Any] | None = None,
    actor: Actor | None = None,
) -> AuditEvent:
    """Record one event; the actor is whoever the adapter said is acting, unless given.

    ``summary`` is a short sentence without anyone's name (names are the labels, which an
    erasure can redact); ``details`` holds ids, field names and counts, never text people
    wrote or the values of their personal data.
    """
    event = _event(
        organisation_id=organisation_id,
        action=action,
        target=target,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        details=details,
        actor=actor or current_actor(),
        now=timezone.now(),
    )
    event.save()
    return event


def audit_record_many(
    *,
    organisation_id: int,
    action: str,
    targets: Iterable[Person],
    object_type: str = "",
    object_id: Any = "",
    summary: str = "",
    details: Mapping[str, Any] | None = None,
) -> int:
    """One event per person, in one insert: a page that shows many people's data at once."""
    actor, now = current_actor(), timezone.now()
    events = [
        _event(
            organisation_id=organisation_id,
            action=action,
            target=target,
            object_type=object_type,
            object_id=object_id,
            summary=summary,
            details=details,
            actor=actor,
            now=now,
        )
        for target in targets
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(events)


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.CIRCLES_AUDIT_RETENTION_DAYS)


def _table() -> str:
    return connection.ops.quote_name(AuditEvent._meta.db_table)


def audit_purge(
    *,
    now: dt.datetime | None = None,
    batch_size: int = PURGE_BATCH,
    progress: Progress | None = None,
) -> int:
    """Delete events older than the retention period, oldest first, a batch at a time.

    Explicit SQL on purpose: this and the redaction below are the only ways events leave or
    change, and neither goes through the ORM, which refuses both.
    """
    cutoff = retention_cutoff(now)
    removed = 0
    while True:
        with transaction.atomic():
            ids = list(
                AuditEvent.objects.filter(created_at__lt=cutoff)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                return removed
            marks = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {_table()} WHERE id IN ({marks})", ids)
        removed += len(ids)
        if progress is not None:
            progress(len(ids))


def audit_redact_person(*, person_id: int) -> None:
    """After an erasure: the person's name and addresses leave the log; their id stays."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table()} SET target_label = %s WHERE target_person_id = %s",
            [FORMER_MEMBER, person_id],
        )
        cursor.execute(
            f"UPDATE {_table()} SET actor_label = %s, ip = NULL WHERE actor_id = %s",
            [FORMER_MEMBER, person_id],
        )
