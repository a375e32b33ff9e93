"""The metrics of DESIGN.md section 4, as pure functions over querysets.

Each function takes a queryset already scoped to what the caller may measure (a programme's or
a circle's records) and returns per-person rows (insights.cells.Row): one GROUP BY query per
metric, whatever the number of circles. cells.py then adds rows up per circle, department,
month and time range; the figure of a cell is sum(numerator) / sum(denominator).

- Action completion rate: commitments done (partly = 0.5) over commitments past their due date.
- Attendance rate: attended member-meetings over scheduled member-meetings of held meetings.
- Cadence adherence: meetings held within a few days of their planned date, over planned
  meetings whose date has passed. A meeting counts for each attendee in equal shares, so that a
  department's figure weighs meetings by how many of its people were expected.
- Role rotation spread: share of members who facilitated at least once in the current cycle.
- Feedback quality: mean of case givers' ratings (mean of the four criteria, 1-5).
- Learning transfer: share of answered follow-up checks reporting the learning was applied.
- Psychological safety pulse: mean of the post-meeting pulse (1-5); usefulness likewise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext, gettext_noop

from circles.feedback.models import FeedbackRating, Pulse
from circles.groups.models import Membership
from circles.growth.models import Commitment, LearningTransferCheck
from circles.meetings.models import Attendance, Meeting

from .cells import Row

RATE = "rate"
SCORE = "score"


@dataclass(frozen=True)
class Metric:
    """A metric. ``label`` and ``definition`` are the English ones, as the API gives them;
    pages, exports and emails show ``local_label`` and ``local_definition``."""

    key: str
    label: str
    kind: str  # RATE (shown as a percentage) or SCORE (1-5)
    definition: str
    # Built from people's answers: hidden below the threshold even from the circle's members.
    from_answers: bool
    over_time: bool = True

    @property
    def local_label(self) -> str:
        """The label in the reader's language."""
        return gettext(self.label)

    @property
    def local_definition(self) -> str:
        """The definition in the reader's language."""
        return gettext(self.definition)


# gettext_noop: marked for the catalogues, kept English here (see Metric).
ATTENDANCE = Metric(
    "attendance",
    gettext_noop("Attendance"),
    RATE,
    gettext_noop("Attended member-meetings over scheduled member-meetings of held meetings."),
    from_answers=False,
)
COMPLETION = Metric(
    "completion",
    gettext_noop("Action completion"),
    RATE,
    gettext_noop(
        "Commitments done (partly counts half) over commitments whose due date has passed."
    ),
    from_answers=False,
)
CADENCE = Metric(
    "cadence",
    gettext_noop("Cadence adherence"),
    RATE,
    gettext_noop("Meetings held within a few days of their planned date, over planned meetings."),
    from_answers=False,
)
ROTATION = Metric(
    "rotation",
    gettext_noop("Role rotation spread"),
    RATE,
    gettext_noop("Share of members who facilitated at least once in the current cycle."),
    from_answers=False,
    over_time=False,
)
QUALITY = Metric(
    "quality",
    gettext_noop("Feedback quality"),
    SCORE,
    gettext_noop("Mean of case givers' ratings of the feedback they received (1-5)."),
    from_answers=True,
)
TRANSFER = Metric(
    "transfer",
    gettext_noop("Learning transfer"),
    RATE,
    gettext_noop("Share of answered follow-up checks reporting the learning was applied."),
    from_answers=True,
)
SAFETY = Metric(
    "safety",
    gettext_noop("Psychological safety pulse"),
    SCORE,
    gettext_noop("Mean answer to “I could say what I really thought” after meetings (1-5)."),
    from_answers=True,
)
USEFULNESS = Metric(
    "usefulness",
    gettext_noop("Meeting usefulness pulse"),
    SCORE,
    gettext_noop("Mean answer to “This meeting was worth my time” after meetings (1-5)."),
    from_answers=True,
)
METRICS = (ATTENDANCE, COMPLETION, CADENCE, ROTATION, QUALITY, TRANSFER, SAFETY, USEFULNESS)
BY_KEY = {m.key: m for m in METRICS}


def cadence_tolerance_days() -> int:
    return int(getattr(settings, "CIRCLES_CADENCE_TOLERANCE_DAYS", 3))


def _month(path: str) -> TruncMonth:
    return TruncMonth(path, output_field=DateField())


def _rows(values: Iterable[Mapping[str, Any]]) -> list[Row]:
    return [
        Row(
            person=v["k_person"],
            department=v["k_department"] or "",
            circle=v["k_circle"],
            month=_as_date(v["k_month"]),
            numerator=float(v["num"] or 0),
            denominator=float(v["den"] or 0),
        )
        for v in values
    ]


def _as_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def attendance(attendances: QuerySet[Attendance]) -> list[Row]:
    return _rows(
        attendances.filter(meeting__status=Meeting.Status.HELD)
        .values(
            k_person=F("person_id"),
            k_department=F("person__department"),
            k_circle=F("meeting__circle_id"),
            k_month=_month("meeting__starts_at"),
        )
        .annotate(
            num=Count("pk", filter=Q(status=Attendance.Status.ATTENDED)),
            den=Count("pk"),
        )
        .order_by()
    )


def completion(commitments: QuerySet[Commitment], *, today: dt.date) -> list[Row]:
    return _rows(
        commitments.filter(due_on__lt=today)
        .values(
            k_person=F("owner_id"),
            k_department=F("owner__department"),
            k_circle=F("circle_id"),
            k_month=_month("due_on"),
        )
        .annotate(
            num=Sum(
                Case(
                    When(status=Commitment.Status.DONE, then=Value(1.0)),
                    When(status=Commitment.Status.PARTLY, then=Value(0.5)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
            ),
            den=Count("pk"),
        )
        .order_by()
    )


# Meetings may record the rhythm slot they were planned for; when they do, cadence uses it.
PLANNED_FIELD = "planned_start"


def _planned_path() -> Any:
    """The rhythm slot when meetings record one, else the start (which may have moved)."""
    try:
        Meeting._meta.get_field(PLANNED_FIELD)
    except FieldDoesNotExist:
        return F("starts_at")
    return Coalesce(PLANNED_FIELD, "starts_at")


def cadence(meetings: QuerySet[Meeting], *, now: dt.datetime) -> list[Row]:
    """Two queries: the planned meetings, then who was expected at them."""
    tolerance = dt.timedelta(days=cadence_tolerance_days())
    planned_meetings = meetings.annotate(planned=_planned_path()).filter(planned__lt=now)
    planned = list(
        planned_meetings.values("pk", "circle_id", "status", "starts_at", "planned").order_by()
    )
    on_time = {
        m["pk"]: m["status"] == Meeting.Status.HELD
        and abs(m["starts_at"] - m["planned"]) <= tolerance
        for m in planned
    }
    info = {m["pk"]: (m["circle_id"], _as_date(m["planned"])) for m in planned}
    expected = list(
        Attendance.objects.filter(meeting__in=planned_meetings.values("pk"))
        .values("meeting_id", "person_id", "person__department")
        .order_by()
    )
    per_meeting: dict[int, int] = defaultdict(int)
    for row in expected:
        per_meeting[row["meeting_id"]] += 1
    sums: dict[tuple[int, str, int, dt.date | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in expected:
        meeting_id = row["meeting_id"]
        circle, planned_day = info[meeting_id]
        month = planned_day.replace(day=1) if planned_day else None
        share = 1.0 / per_meeting[meeting_id]
        key = (row["person_id"], row["person__department"] or "", circle, month)
        sums[key][0] += share if on_time[meeting_id] else 0.0
        sums[key][1] += share
    return [Row(p, d, c, m, num, den) for (p, d, c, m), (num, den) in sums.items()]


def rotation(
    memberships: QuerySet[Membership], *, cycle_start: dt.date, cycle_end: dt.date
) -> list[Row]:
    start = dt.datetime.combine(cycle_start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(cycle_end, dt.time.min, tzinfo=dt.UTC)
    facilitated = Meeting.objects.filter(
        circle_id=OuterRef("circle_id"),
        facilitator_id=OuterRef("person_id"),
        status=Meeting.Status.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    return _rows(
        memberships.filter(joined_on__lt=cycle_end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=cycle_start))
        .annotate(facilitated=Exists(facilitated))
        .values(
            k_person=F("person_id"),
            k_department=F("person__department"),
            k_circle=F("circle_id"),
            k_month=Value(None, output_field=DateField()),
        )
        .annotate(
            num=Count("pk", filter=Q(facilitated=True)),
            den=Count("pk"),
        )
        .order_by()
    )


def feedback_quality(ratings: QuerySet[FeedbackRating]) -> list[Row]:
    score = (F("specific") + F("observable") + F("impact") + F("actionable")) / Value(4.0)
    return _rows(
        ratings.values(
            k_person=F("giver_id"),
            k_department=F("giver__department"),
            k_circle=F("meeting__circle_id"),
            k_month=_month("meeting__starts_at"),
        )
        .annotate(num=Sum(score, output_field=FloatField()), den=Count("pk"))
        .order_by()
    )


def learning_transfer(checks: QuerySet[LearningTransferCheck]) -> list[Row]:
    return _rows(
        checks.filter(answered_at__isnull=False, applied__isnull=False)
        .values(
            k_person=F("owner_id"),
            k_department=F("owner__department"),
            k_circle=F("commitment__circle_id"),
            k_month=_month("answered_at"),
        )
        .annotate(num=Count("pk", filter=Q(applied=True)), den=Count("pk"))
        .order_by()
    )


def pulse(pulses: QuerySet[Pulse]) -> dict[str, list[Row]]:
    """Safety and usefulness from one query."""
    values = list(
        pulses.values(
            k_person=F("person_id"),
            k_department=F("person__department"),
            k_circle=F("meeting__circle_id"),
            k_month=_month("meeting__starts_at"),
        )
        .annotate(safety=Sum("safety"), usefulness=Sum("usefulness"), den=Count("pk"))
        .order_by()
    )
    result: dict[str, list[Row]] = {}
    for field in ("safety", "usefulness"):
        result[field] = [
            Row(
                v["k_person"],
                v["k_department"] or "",
                v["k_circle"],
                _as_date(v["k_month"]),
                float(v[field] or 0),
                float(v["den"]),
            )
            for v in values
        ]
    return result


def current_cycle(
    starts_on: dt.date | None, cycle_weeks: int, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The cycle of the programme that holds today (the first cycle before the start)."""
    start = starts_on or today
    length = dt.timedelta(weeks=cycle_weeks)
    elapsed = max(0, (today - start).days // length.days)
    cycle_start = start + elapsed * length
    return cycle_start, cycle_start + length


@dataclass(frozen=True)
class Scope:
    """The records one figure set is computed from (a programme's, or one circle's)."""

    attendances: QuerySet[Attendance]
    commitments: QuerySet[Commitment]
    meetings: QuerySet[Meeting]
    memberships: QuerySet[Membership]
    ratings: QuerySet[FeedbackRating]
    checks: QuerySet[LearningTransferCheck]
    pulses: QuerySet[Pulse]
    cycle_start: dt.date
    cycle_end: dt.date


def all_rows(scope: Scope, *, now: dt.datetime, today: dt.date) -> dict[str, list[Row]]:
    """Every metric's rows for one scope: a fixed number of queries (nine)."""
    pulses = pulse(scope.pulses)
    return {
        ATTENDANCE.key: attendance(scope.attendances),
        COMPLETION.key: completion(scope.commitments, today=today),
        CADENCE.key: cadence(scope.meetings, now=now),
        ROTATION.key: rotation(
            scope.memberships, cycle_start=scope.cycle_start, cycle_end=scope.cycle_end
        ),
        QUALITY.key: feedback_quality(scope.ratings),
        TRANSFER.key: learning_transfer(scope.checks),
        SAFETY.key: pulses["safety"],
        USEFULNESS.key: pulses["usefulness"],
    }
