"""Preferred meeting times: parts of the working week a person picks, in their own time zone.

Pure helpers (no ORM): the slot codes stored on an enrolment, their local windows, checking them
against someone's working hours, and turning them into weekly UTC intervals for the figures.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from circles.lib.intervals import Interval, merge, wrapped

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri")
WEEKDAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"))


@dataclass(frozen=True)
class PartOfDay:
    code: str
    label: StrOrPromise
    starts: dt.time
    ends: dt.time


PARTS_OF_DAY = (
    PartOfDay("morning", _("Morning"), dt.time(8, 0), dt.time(12, 0)),
    PartOfDay("midday", _("Midday"), dt.time(12, 0), dt.time(14, 0)),
    PartOfDay("afternoon", _("Afternoon"), dt.time(14, 0), dt.time(18, 0)),
)
_PARTS = {part.code: part for part in PARTS_OF_DAY}
SLOT_CODES = tuple(f"{day}-{part.code}" for day in WEEKDAY_CODES for part in PARTS_OF_DAY)


# Each slot in words, whole: languages join a weekday and a part of the day differently.
SLOT_LABELS = {
    "mon-morning": _("Monday morning"),
    "mon-midday": _("Monday midday"),
    "mon-afternoon": _("Monday afternoon"),
    "tue-morning": _("Tuesday morning"),
    "tue-midday": _("Tuesday midday"),
    "tue-afternoon": _("Tuesday afternoon"),
    "wed-morning": _("Wednesday morning"),
    "wed-midday": _("Wednesday midday"),
    "wed-afternoon": _("Wednesday afternoon"),
    "thu-morning": _("Thursday morning"),
    "thu-midday": _("Thursday midday"),
    "thu-afternoon": _("Thursday afternoon"),
    "fri-morning": _("Friday morning"),
    "fri-midday": _("Friday midday"),
    "fri-afternoon": _("Friday afternoon"),
}


def slot_label(code: str) -> str:
    """A slot in words, in the active language: "Tuesday morning"."""
    return str(SLOT_LABELS[code])


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def usable_window(code: str, work_starts: dt.time, work_ends: dt.time) -> tuple[int, int, int]:
    """(weekday, start minute, end minute) of a slot clipped to the working day, local time."""
    day, part_code = code.split("-", 1)
    part = _PARTS[part_code]
    start = max(_minutes(part.starts), _minutes(work_starts))
    end = min(_minutes(part.ends), _minutes(work_ends))
    return WEEKDAY_CODES.index(day), start, end


def slots_outside_hours(
    codes: list[str], work_starts: dt.time, work_ends: dt.time, meeting_minutes: int
) -> list[str]:
    """The chosen slots that leave no room for one meeting inside the working day."""
    outside = []
    for code in codes:
        _day, start, end = usable_window(code, work_starts, work_ends)
        if end - start < meeting_minutes:
            outside.append(code)
    return outside


def weekly_utc_intervals(
    codes: list[str], *, time_zone: str, work_starts: dt.time, work_ends: dt.time, monday: dt.date
) -> list[Interval]:
    """The chosen slots inside the working day, as minutes from Monday 00:00 UTC, merged."""
    zone = zoneinfo.ZoneInfo(time_zone)
    base = dt.datetime.combine(monday, dt.time(0), tzinfo=dt.UTC)
    raw: list[Interval] = []
    for code in codes:
        weekday, start, end = usable_window(code, work_starts, work_ends)
        if end <= start:
            continue
        day = monday + dt.timedelta(days=weekday)
        begin = dt.datetime.combine(day, dt.time(start // 60, start % 60), tzinfo=zone)
        offset = int((begin.astimezone(dt.UTC) - base).total_seconds() // 60)
        raw += wrapped(offset, end - start)
    return merge(raw)
