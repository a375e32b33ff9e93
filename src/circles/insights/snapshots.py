"""A large programme's dashboard from stored figures: a worker computes, the page reads.

Deciding every figure of a programme with thousands of members (its rows, then the
suppression over every table and range at once) takes seconds; a lead opens the page far more
often than the figures change. So above ``CIRCLES_DASHBOARD_LIVE_MEMBERS`` members the figures
are stored, per kind of viewer (the circles they know from inside), and refreshed by the task
worker when they are older than ``CIRCLES_DASHBOARD_MAX_AGE_MINUTES``, from another day, or
were decided under another threshold. Meanwhile the page shows the stored figures with their
time. Only what may be shown is stored: a suppressed cell keeps no value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from circles.feedback.models import FeedbackRating, Pulse
from circles.groups.models import Membership
from circles.growth.models import Commitment, LearningTransferCheck
from circles.meetings.models import Attendance, Meeting
from circles.orgs.models import Programme

from . import metrics
from .cells import MONTH, Figure, Figures, figures, known_to_members
from .metrics import METRICS
from .models import ProgrammeFigures
from .suppression import effective_threshold

# A refresh that has not finished by then is taken for lost (a worker that died), and queued again.
REFRESH_LEASE = dt.timedelta(minutes=10)


def threshold_for(programme: Programme) -> int:
    return effective_threshold(programme.organisation.min_group_size_for_aggregates)


def programme_scope(programme: Programme, today: dt.date) -> metrics.Scope:
    cycle_start, cycle_end = metrics.current_cycle(
        programme.starts_on, programme.cycle_weeks, today
    )
    return metrics.Scope(
        attendances=Attendance.objects.filter(meeting__circle__programme=programme),
        commitments=Commitment.objects.filter(circle__programme=programme),
        meetings=Meeting.objects.filter(circle__programme=programme),
        memberships=Membership.objects.filter(circle__programme=programme),
        ratings=FeedbackRating.objects.filter(meeting__circle__programme=programme),
        checks=LearningTransferCheck.objects.filter(commitment__circle__programme=programme),
        pulses=Pulse.objects.filter(meeting__circle__programme=programme),
        cycle_start=cycle_start,
        cycle_end=cycle_end,
    )


def compute_programme_figures(
    programme: Programme, own_circles: Sequence[int], *, now: dt.datetime
) -> dict[str, Figures]:
    """Every metric's figures, suppressed together with what a viewer who reads
    ``own_circles`` as a member already knows."""
    today = timezone.localdate(now)
    threshold = threshold_for(programme)
    rows = metrics.all_rows(programme_scope(programme, today), now=now, today=today)
    return {
        m.key: figures(
            rows[m.key],
            threshold=threshold,
            today=today,
            known=[
                atoms
                for circle in own_circles
                for atoms in known_to_members(
                    rows[m.key], circle, threshold=threshold, today=today, protect=m.from_answers
                )
            ],
        )
        for m in METRICS
    }


def is_large(programme: Programme) -> bool:
    members = Membership.objects.filter(circle__programme=programme).count()
    return members > settings.CIRCLES_DASHBOARD_LIVE_MEMBERS


def viewer_key(own_circles: Sequence[int]) -> str:
    if not own_circles:
        return ""
    return hashlib.sha256(",".join(map(str, sorted(own_circles))).encode()).hexdigest()


def stored(programme: Programme, own_circles: Sequence[int]) -> ProgrammeFigures | None:
    # The figures themselves are read only when this process has not decoded them yet.
    return (
        ProgrammeFigures.objects.filter(programme=programme, viewer_key=viewer_key(own_circles))
        .defer("payload")
        .first()
    )


# Decoded figures by (row, time computed): a page view reads the stored row's header only. The
# least recently shown are forgotten first, so that viewers of many programmes (or leads who
# read circles of their own, each with their own row) do not make every view decode again.
_DECODED: OrderedDict[tuple[int, dt.datetime], dict[str, Figures]] = OrderedDict()
_DECODED_KEPT = 16
_DECODED_LOCK = threading.Lock()


def figures_of(row: ProgrammeFigures) -> dict[str, Figures] | None:
    if row.computed_at is None:
        return None
    key = (row.pk, row.computed_at)
    with _DECODED_LOCK:
        found = _DECODED.get(key)
        if found is not None:
            _DECODED.move_to_end(key)
            return found
    found = decode(row.payload or {})
    with _DECODED_LOCK:
        _DECODED[key] = found
        while len(_DECODED) > _DECODED_KEPT:
            _DECODED.popitem(last=False)
    return found


def is_fresh(row: ProgrammeFigures, programme: Programme, now: dt.datetime) -> bool:
    # computed_at, not the payload: reading that would load the figures the view may not need.
    if row.computed_at is None:
        return False
    max_age = dt.timedelta(minutes=settings.CIRCLES_DASHBOARD_MAX_AGE_MINUTES)
    return (
        row.as_of == timezone.localdate(now)
        and row.threshold == threshold_for(programme)
        and row.computed_at >= now - max_age
    )


def refresh(
    programme: Programme, own_circles: Sequence[int], *, now: dt.datetime
) -> ProgrammeFigures:
    """Compute and store the figures for viewers who read ``own_circles``."""
    started = time.perf_counter()
    computed = compute_programme_figures(programme, own_circles, now=now)
    row, _ = ProgrammeFigures.objects.update_or_create(
        programme=programme,
        viewer_key=viewer_key(own_circles),
        defaults={
            "as_of": timezone.localdate(now),
            "threshold": threshold_for(programme),
            "computed_at": now,
            "computed_seconds": round(time.perf_counter() - started, 3),
            "refreshing_since": None,
            "payload": encode(computed),
        },
    )
    return row


def request_refresh(
    programme: Programme,
    own_circles: Sequence[int],
    *,
    now: dt.datetime,
    row: ProgrammeFigures | None = None,
) -> None:
    """Queue one refresh for this kind of viewer, unless one is already under way.

    Every view of stale figures asks; only the first within the lease writes. The claim is one
    conditional UPDATE, which neither reads the stored figures (about a megabyte on a large
    programme) nor holds a lock that the next views would queue behind."""
    from .tasks import refresh_programme_figures

    if row is not None and _under_way(row, now):
        return
    key = viewer_key(own_circles)
    with transaction.atomic():
        if row is None:
            ProgrammeFigures.objects.bulk_create(
                [ProgrammeFigures(programme=programme, viewer_key=key)], ignore_conflicts=True
            )
        claimed = (
            ProgrammeFigures.objects.filter(programme=programme, viewer_key=key)
            .filter(Q(refreshing_since__isnull=True) | Q(refreshing_since__lte=now - REFRESH_LEASE))
            .update(refreshing_since=now)
        )
        if claimed:
            # Queued in the same transaction: the mark and the task row commit together.
            refresh_programme_figures.enqueue(programme.pk, sorted(own_circles))


def _under_way(row: ProgrammeFigures, now: dt.datetime) -> bool:
    return row.refreshing_since is not None and row.refreshing_since > now - REFRESH_LEASE


def encode(computed: dict[str, Figures]) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    for metric_key, found in computed.items():
        out[metric_key] = [
            [
                range_key,
                dimension,
                value.isoformat() if isinstance(value, dt.date) else value,
                *(
                    (0, 0, 0, True)
                    if figure.suppressed
                    else (figure.numerator, figure.denominator, figure.people, False)
                ),
            ]
            for (range_key, dimension, value), figure in found.cells.items()
        ]
    return out


def decode(payload: dict[str, list[list[Any]]]) -> dict[str, Figures]:
    out: dict[str, Figures] = {}
    for metric_key, cells in payload.items():
        found: dict[tuple[str, str, Hashable], Figure] = {}
        for range_key, dimension, value, numerator, denominator, people, suppressed in cells:
            key_value = dt.date.fromisoformat(value) if dimension == MONTH else value
            found[(range_key, dimension, key_value)] = Figure(
                float(numerator), float(denominator), int(people), suppressed=bool(suppressed)
            )
        out[metric_key] = Figures(found)
    return out
