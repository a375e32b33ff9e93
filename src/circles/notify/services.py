"""The sweep: record every reminder that is due now, then enqueue the work to send them.

Run it as often as you like (``circles sweep``, every minute under ``./dev serve``): recording
is an insert that ignores rows already there (unique key kind, object, person, occasion), and
enqueuing only picks rows that no live worker holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.orgs.models import Person

from .delivery import lease
from .kinds import HANDLERS
from .models import PREFERENCE_OF_KIND, Kind, Preference, Reminder
from .tasks import deliver_reminders

BATCH_SIZE = 200
INSERT_CHUNK = 2000

Progress = Callable[[str, int], None]


@dataclass
class SweepResult:
    recorded: dict[str, int] = field(default_factory=dict)
    enqueued: int = 0
    batches: int = 0

    @property
    def recorded_total(self) -> int:
        return sum(self.recorded.values())


def _chunks(rows: Iterable[Reminder], size: int) -> Iterator[list[Reminder]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def reminders_record(*, now: dt.datetime, progress: Progress | None = None) -> dict[str, int]:
    """Insert a pending row for every reminder due now; existing rows are left alone."""
    recorded: dict[str, int] = {}
    for kind, handler in HANDLERS.items():
        rows = (
            Reminder(kind=kind, object_id=obj, person_id=person, occasion=occasion)
            for obj, person, occasion in handler.candidates(now)
        )
        count = 0
        for chunk in _chunks(rows, INSERT_CHUNK):
            # ignore_conflicts: a sweep running at the same moment may have inserted some rows.
            Reminder.objects.bulk_create(chunk, ignore_conflicts=True)
            count += len(chunk)
            if progress:
                progress(kind, len(chunk))
        recorded[kind] = count
    return recorded


def reminders_enqueue(
    *, now: dt.datetime, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> tuple[int, int]:
    """Enqueue delivery of rows nobody is working on: new ones, failed attempts whose backoff
    is over, and rows whose worker died (their lease ran out). Returns (rows, batches)."""
    stale = now - lease()
    waiting = Q(state=Reminder.State.PENDING) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale)
    )
    abandoned = Q(state=Reminder.State.SENDING, lease_until__lt=now)
    ids = list(
        Reminder.objects.filter(waiting | abandoned).order_by("pk").values_list("pk", flat=True)
    )
    enqueued = batches = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic():
            # Mark first, so that a sweep running alongside does not enqueue the same rows;
            # if it does anyway, the claim in delivery keeps every reminder single.
            Reminder.objects.filter(pk__in=chunk).filter(waiting | abandoned).update(
                enqueued_at=now
            )
            deliver_reminders.enqueue(chunk)
        enqueued += len(chunk)
        batches += 1
        if progress:
            progress("enqueue", len(chunk))
    return enqueued, batches


def sweep(
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> SweepResult:
    from circles.accounts.submissions import prune_submissions
    from circles.audit.services import audit_purge
    from circles.webhooks.delivery import deliveries_requeue

    now = now or timezone.now()
    recorded = reminders_record(now=now, progress=progress)
    enqueued, batches = reminders_enqueue(now=now, batch_size=batch_size, progress=progress)
    prune_submissions(now)
    # Audit events past their retention period go with the same housekeeping.
    audit_purge(now=now)
    # Webhook deliveries whose worker died or whose retry was lost go out again.
    deliveries_requeue(now)
    # Onboarding programmes whose period is over get their next proposal of circles.
    from circles.onboarding.services import onboarding_due

    onboarding_due(now=now)
    return SweepResult(recorded=recorded, enqueued=enqueued, batches=batches)


# Preferences ---------------------------------------------------------------------------------


def preferences_of(person: Person) -> Preference:
    """The person's preferences; an unsaved all-on row when they never changed them."""
    return Preference.objects.filter(person=person).first() or Preference(person=person)


@transaction.atomic
def preferences_update(*, person: Person, **choices: bool) -> Preference:
    known = set(PREFERENCE_OF_KIND.values())
    unknown = set(choices) - known
    if unknown:
        raise DomainError(f"Unknown reminder setting: {', '.join(sorted(unknown))}.")
    preference, _ = Preference.objects.select_for_update().get_or_create(person=person)
    for name, value in choices.items():
        setattr(preference, name, bool(value))
    preference.save()
    return preference


@transaction.atomic
def unsubscribe(*, person: Person, kind: str) -> Preference:
    """Switch one kind of reminder off, or all of them for kind "all"."""
    if kind == "all":
        names = set(PREFERENCE_OF_KIND.values())
    elif kind in Kind.values:
        names = {PREFERENCE_OF_KIND[kind]}
    else:
        raise DomainError("Unknown reminder kind.")
    return preferences_update(person=person, **dict.fromkeys(names, False))
