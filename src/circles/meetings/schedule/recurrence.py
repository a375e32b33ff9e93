"""A circle's meeting rhythm as an RFC 5545 recurrence rule, expanded into meeting slots.

No database (Django only translates the words people read). Rules are expanded in the
circle's local wall-clock time and only then turned into UTC, so a meeting at 10:00 in Berlin
stays at 10:00 in Berlin when the clocks change (its UTC time moves by an hour). A local time
that does not exist on the day the clocks go forward (02:30 in most of Europe) falls forward by
the size of the gap, as calendar programs do.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.languages import formats

WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A monthly rhythm in words, by which occurrence of the weekday in the month it falls on; each
# a whole sentence, since the ordinal agrees with the weekday in many languages.
_MONTHLY = {
    1: gettext_lazy("Every month on the first %(day)s at %(time)s (%(zone)s)"),
    2: gettext_lazy("Every month on the second %(day)s at %(time)s (%(zone)s)"),
    3: gettext_lazy("Every month on the third %(day)s at %(time)s (%(zone)s)"),
    4: gettext_lazy("Every month on the fourth %(day)s at %(time)s (%(zone)s)"),
    -1: gettext_lazy("Every month on the last %(day)s at %(time)s (%(zone)s)"),
}
# Rules more frequent than daily would flood calendars; nobody meets hourly in a circle.
_ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# A rule must give a meeting within this many days, or it is refused as a likely mistake.
_FIRST_SLOT_WITHIN_DAYS = 2 * 366


class RhythmError(ValueError):
    """A rhythm that cannot be expanded; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Rhythm:
    """When a circle meets: cadence (or an explicit rule), weekday and local time, in a zone."""

    cadence: str
    time_zone: str
    meeting_time: dt.time
    first_meeting_on: dt.date
    weekday: int | None = None
    rule: str = ""

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def dtstart(self) -> dt.datetime:
        """The first candidate slot, as naive local wall-clock time."""
        return dt.datetime.combine(self.first_meeting_on, self.meeting_time.replace(tzinfo=None))

    def day(self) -> int:
        return self.first_meeting_on.weekday() if self.weekday is None else self.weekday


def rule_text(rhythm: Rhythm) -> str:
    """The RRULE value (without the ``RRULE:`` prefix) that this rhythm stands for."""
    if rhythm.rule.strip():
        return normalise_rule(rhythm.rule)
    day = _RRULE_DAYS[rhythm.day()]
    if rhythm.cadence == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if rhythm.cadence == "biweekly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if rhythm.cadence == "monthly":
        return f"FREQ=MONTHLY;BYDAY={_nth(rhythm.first_meeting_on)}{day}"
    raise RhythmError(_("Unknown cadence '%(cadence)s'.") % {"cadence": rhythm.cadence})


def _nth(day: dt.date) -> int:
    """Which occurrence of its weekday the date is in its month; the fifth counts as the last."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth >= 5 else nth


def normalise_rule(text: str) -> str:
    """Check an explicit rule typed by a person and return it in canonical form."""
    value = text.strip()
    if value.upper().startswith("RRULE:"):
        value = value[len("RRULE:") :]
    value = value.upper().replace(" ", "")
    if not value:
        raise RhythmError(_("Enter a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU."))
    parts = dict(part.partition("=")[::2] for part in value.split(";") if part)
    if "DTSTART" in value or "\n" in value:
        raise RhythmError(_("Give only the rule itself; the first meeting date is set separately."))
    frequency = parts.get("FREQ")
    if frequency not in _ALLOWED_FREQUENCIES:
        raise RhythmError(_("The rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."))
    if "UNTIL" in parts and not parts["UNTIL"].rstrip("Z").isdigit():
        raise RhythmError(_("UNTIL must be a date like 20271231."))
    for name, low, high in (("INTERVAL", 1, 52), ("COUNT", 1, 1000)):
        if name in parts and not (parts[name].isdigit() and low <= int(parts[name]) <= high):
            raise RhythmError(
                _("%(name)s must be a whole number from %(low)s to %(high)s.")
                % {"name": name, "low": low, "high": high}
            )
    try:
        rrulestr(f"RRULE:{value}", dtstart=dt.datetime(2000, 1, 3, 9, 0))
    except (ValueError, TypeError, KeyError) as exc:
        raise RhythmError(
            _("This is not a recurrence rule we can read (%(error)s).") % {"error": exc}
        ) from exc
    return value


def _rule(rhythm: Rhythm) -> rrule:
    text = rule_text(rhythm)
    # UNTIL given in UTC would clash with the naive local start; compare it as local time.
    text = ";".join(
        part.rstrip("Z") if part.startswith("UNTIL=") else part for part in text.split(";")
    )
    try:
        parsed = rrulestr(f"RRULE:{text}", dtstart=rhythm.dtstart)
    except (ValueError, TypeError) as exc:
        raise RhythmError(
            _("This is not a recurrence rule we can read (%(error)s).") % {"error": exc}
        ) from exc
    assert isinstance(parsed, rrule)
    return parsed


def to_utc(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A naive local wall-clock time in the zone, as an aware UTC datetime."""
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


def slots(
    rhythm: Rhythm,
    *,
    after: dt.datetime,
    until: dt.datetime | None = None,
    count: int | None = None,
) -> list[dt.datetime]:
    """The rhythm's slots strictly after ``after``, as UTC: up to ``until`` and/or ``count``."""
    if until is None and count is None:
        raise ValueError("Give until, count or both.")
    if after.tzinfo is None or (until is not None and until.tzinfo is None):
        raise ValueError("after and until must be aware datetimes.")
    zone = rhythm.zone
    rule = _rule(rhythm)
    # Expand a day either side in local time, then filter exactly in UTC.
    start_local = after.astimezone(zone).replace(tzinfo=None) - dt.timedelta(days=1)
    # Without an end date, look as far as the count could need even for a yearly rule.
    reach = _FIRST_SLOT_WITHIN_DAYS + 366 * (count or 0)
    horizon = until if until is not None else after + dt.timedelta(days=reach)
    end_local = horizon.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=1)
    found: list[dt.datetime] = []
    for local in rule.xafter(start_local, inc=True):
        if local > end_local:
            break
        moment = to_utc(local, zone)
        if moment <= after or (until is not None and moment > until):
            continue
        found.append(moment)
        if count is not None and len(found) >= count:
            break
    return found


def check(rhythm: Rhythm, *, today: dt.date) -> None:
    """Refuse a rhythm that gives no meeting soon (a typo in a rule, usually)."""
    after = to_utc(dt.datetime.combine(min(today, rhythm.first_meeting_on), dt.time()), rhythm.zone)
    if not slots(rhythm, after=after - dt.timedelta(seconds=1), count=1):
        raise RhythmError(_("This rhythm gives no meeting in the next two years."))


def describe(rhythm: Rhythm) -> str:
    """The rhythm in words: "Every two weeks on Tuesday at 10:00 (Europe/Berlin)"."""
    values = {
        "time": formats.format_local_time(rhythm.meeting_time),
        "zone": rhythm.time_zone,
        "day": WEEKDAYS[rhythm.day()],
    }
    if rhythm.rule.strip():
        return _("Custom rule %(rule)s at %(time)s (%(zone)s)") % {
            **values,
            "rule": normalise_rule(rhythm.rule),
        }
    if rhythm.cadence == "weekly":
        return _("Every week on %(day)s at %(time)s (%(zone)s)") % values
    if rhythm.cadence == "biweekly":
        return _("Every two weeks on %(day)s at %(time)s (%(zone)s)") % values
    return str(_MONTHLY[_nth(rhythm.first_meeting_on)]) % values
