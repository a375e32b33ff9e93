"""Meeting times that fall inside every member's working hours (no database; Django only
translates the sentences people read).

Each member works Monday to Friday between their own start and end time, in their own time
zone. A candidate time fits when, for everyone, the whole meeting lies inside one working day.

How fitting times are ranked, so the order can be explained in one sentence:
    score = the smallest cushion anyone has between the meeting and the start or end of
            their working day (in minutes), plus 30 minutes' credit from Tuesday to Thursday
            (Mondays and Fridays are the days people most often miss).
The best time of each weekday is proposed, best first. When nothing fits, the report says
who the constraint is: pairs with no working hours in common, or the one member without whom
a time would exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIDWEEK_CREDIT = 30
WORKDAYS = range(5)


@dataclass(frozen=True)
class Participant:
    name: str
    time_zone: str
    work_starts_at: dt.time
    work_ends_at: dt.time


@dataclass(frozen=True)
class Suggestion:
    starts_at: dt.datetime  # UTC
    local_start: dt.datetime  # in the circle's zone
    score: int
    cushion_minutes: int
    tightest: str
    local_times: tuple[tuple[str, dt.datetime], ...]

    @property
    def reason(self) -> str:
        values = {"name": self.tightest, "minutes": self.cushion_minutes}
        if self.local_start.weekday() in (1, 2, 3):
            return (
                _(
                    "Inside everyone's working hours, midweek; the tightest fit is %(name)s, "
                    "with %(minutes)s minutes to the edge of their working day."
                )
                % values
            )
        return (
            _(
                "Inside everyone's working hours, a Monday or Friday; the tightest fit is "
                "%(name)s, with %(minutes)s minutes to the edge of their working day."
            )
            % values
        )


@dataclass(frozen=True)
class SlotReport:
    suggestions: tuple[Suggestion, ...]
    problem: str = ""
    constraint: tuple[str, ...] = ()


def cushion(person: Participant, start: dt.datetime, minutes: int) -> int | None:
    """Minutes between the meeting and the nearer edge of the person's working day, or None
    if the meeting is not wholly inside one of their working days."""
    zone = zoneinfo.ZoneInfo(person.time_zone)
    local_start = start.astimezone(zone)
    local_end = (start + dt.timedelta(minutes=minutes)).astimezone(zone)
    if local_start.weekday() not in WORKDAYS:
        return None
    day = local_start.date()
    opens = dt.datetime.combine(day, person.work_starts_at, tzinfo=zone)
    closes = dt.datetime.combine(day, person.work_ends_at, tzinfo=zone)
    # Compare instants, not wall-clock times, so a clock change inside the day is honoured.
    if local_start < opens or local_end > closes:
        return None
    before = (local_start - opens).total_seconds() // 60
    after = (closes - local_end).total_seconds() // 60
    return int(min(before, after))


def _week_days(week_of: dt.date) -> list[dt.date]:
    monday = week_of - dt.timedelta(days=week_of.weekday())
    return [monday + dt.timedelta(days=offset) for offset in WORKDAYS]


def _instants(day: dt.date, zone: zoneinfo.ZoneInfo, step: int) -> range:
    """Every step-minute instant of the local day (as UTC seconds), stepping in UTC so no
    clock hour is lost."""
    start = int(dt.datetime.combine(day, dt.time(), tzinfo=zone).timestamp())
    end = int(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone).timestamp())
    return range(start, end, step * 60)


# A person's working days around the week, as UTC instants (seconds): (opens, closes).
Windows = dict[int, list[tuple[int, int]]]


def _windows(people: Sequence[Participant], days: list[dt.date]) -> Windows:
    """Each person's working days that a candidate in ``days`` could fall on (their own
    dates, a day either side for other zones), as instants: what ``cushion`` compares."""
    around = [days[0] + dt.timedelta(days=offset) for offset in range(-2, len(days) + 2)]
    windows: Windows = {}
    for index, person in enumerate(people):
        zone = zoneinfo.ZoneInfo(person.time_zone)
        windows[index] = [
            (
                int(dt.datetime.combine(day, person.work_starts_at, tzinfo=zone).timestamp()),
                int(dt.datetime.combine(day, person.work_ends_at, tzinfo=zone).timestamp()),
            )
            for day in around
            if day.weekday() in WORKDAYS
        ]
    return windows


def _cushion_in(windows: list[tuple[int, int]], start: int, seconds: int) -> int | None:
    """``cushion`` on precomputed working days: a moment inside a working day lies on that
    day's local date, so the day containing it is the one ``cushion`` would pick."""
    for opens, closes in windows:
        if opens <= start and start + seconds <= closes:
            return min(start - opens, closes - start - seconds) // 60
    return None


def _fits(
    people: Sequence[Participant],
    day: dt.date,
    zone: zoneinfo.ZoneInfo,
    minutes: int,
    step: int,
    windows: Windows,
) -> Iterator[tuple[int, int, int]]:
    """(instant, smallest cushion, whose) for each instant of the local day that fits all."""
    seconds = minutes * 60
    count = len(people)
    for start in _instants(day, zone, step):
        tight_value, tight_index = -1, 0
        for index in range(count):
            value = _cushion_in(windows[index], start, seconds)
            if value is None:
                break
            if tight_value < 0 or value < tight_value:
                tight_value, tight_index = value, index
        else:
            yield start, tight_value, tight_index


def _best_on(
    people: Sequence[Participant],
    day: dt.date,
    zone: zoneinfo.ZoneInfo,
    minutes: int,
    step: int,
    windows: Windows,
) -> Suggestion | None:
    # Every instant lies on the local day ``day``, so the midweek credit is the day's.
    credit = MIDWEEK_CREDIT if day.weekday() in (1, 2, 3) else 0
    best: tuple[int, int, int] | None = None
    for start, tight_value, tight_index in _fits(people, day, zone, minutes, step, windows):
        if best is None or tight_value > best[1]:
            best = (start, tight_value, tight_index)
    if best is None:
        return None
    start, tight_value, tight_index = best
    moment = dt.datetime.fromtimestamp(start, dt.UTC)
    return Suggestion(
        starts_at=moment,
        local_start=moment.astimezone(zone),
        score=tight_value + credit,
        cushion_minutes=tight_value,
        tightest=people[tight_index].name,
        local_times=tuple(
            (p.name, moment.astimezone(zoneinfo.ZoneInfo(p.time_zone))) for p in people
        ),
    )


def _any_fit(
    people: Sequence[Participant], days: list[dt.date], zone: zoneinfo.ZoneInfo, minutes: int
) -> bool:
    windows = _windows(people, days)
    return any(next(_fits(people, day, zone, minutes, 15, windows), None) for day in days)


def find_slots(
    people: Sequence[Participant],
    *,
    duration_minutes: int,
    time_zone: str,
    week_of: dt.date,
    step_minutes: int = 15,
) -> SlotReport:
    """Fitting start times in the week of ``week_of`` (the circle's local days), best first."""
    if duration_minutes <= 0 or step_minutes <= 0:
        raise ValueError("Duration and step must be positive.")
    zone = zoneinfo.ZoneInfo(time_zone)
    days = _week_days(week_of)
    if not people:
        return SlotReport(suggestions=(), problem=_("The circle has no members yet."))
    windows = _windows(people, days)
    found = [_best_on(people, day, zone, duration_minutes, step_minutes, windows) for day in days]
    suggestions = tuple(
        sorted((s for s in found if s is not None), key=lambda s: (-s.score, s.starts_at))
    )
    if suggestions:
        return SlotReport(suggestions=suggestions)
    return _explain(people, days, zone, duration_minutes)


def _explain(
    people: Sequence[Participant], days: list[dt.date], zone: zoneinfo.ZoneInfo, minutes: int
) -> SlotReport:
    short = [p for p in people if _minutes_between(p.work_starts_at, p.work_ends_at) < minutes]
    if short:
        names = tuple(p.name for p in short)
        return SlotReport(
            suggestions=(),
            problem=_("The meeting is longer than the working day of %(names)s.")
            % {"names": ", ".join(names)},
            constraint=names,
        )
    apart = [
        (a, b)
        for a, b in itertools.combinations(people, 2)
        if not _any_fit([a, b], days, zone, minutes)
    ]
    if apart:
        a, b = apart[0]
        names = tuple(sorted({p.name for pair in apart for p in pair}))
        values = {
            "a": a.name,
            "a_zone": a.time_zone,
            "b": b.name,
            "b_zone": b.time_zone,
            "minutes": minutes,
            "others": len(apart) - 1,
        }
        if len(apart) > 1:
            # Translators: %(others)s is the number of other pairs of members (one or more).
            problem = _(
                "No time fits everyone's working hours: %(a)s (%(a_zone)s) and %(b)s "
                "(%(b_zone)s) have no %(minutes)s minutes of working time in common, nor do "
                "%(others)s other pairs."
            )
        else:
            problem = _(
                "No time fits everyone's working hours: %(a)s (%(a_zone)s) and %(b)s "
                "(%(b_zone)s) have no %(minutes)s minutes of working time in common."
            )
        return SlotReport(suggestions=(), problem=problem % values, constraint=names)
    for person in people:
        others = [p for p in people if p is not person]
        if _any_fit(others, days, zone, minutes):
            return SlotReport(
                suggestions=(),
                problem=_(
                    "No time fits everyone's working hours; without %(name)s (%(zone)s) there "
                    "would be one."
                )
                % {"name": person.name, "zone": person.time_zone},
                constraint=(person.name,),
            )
    return SlotReport(
        suggestions=(),
        problem=_(
            "No time fits everyone's working hours: every pair overlaps, but not all at once."
        ),
    )


def _minutes_between(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
