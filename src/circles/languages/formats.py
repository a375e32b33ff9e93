"""Dates, times, numbers and percentages in the reader's locale, from CLDR through Babel.

Django's own date filter takes one fixed pattern for every language ("j M Y"); CLDR knows, per
locale, the order of day and month, the month's abbreviation, and whether the clock has 12 or 24
hours. A *skeleton* names the fields to show ("MMMd": day and abbreviated month) and the locale
decides how. `j` in a skeleton is the locale's preferred hour (CLDR's own convention), which
Babel leaves to the caller.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import timezone, translation

# Our English is British English (organisation, programme), and so are its dates: 4 Dec 2026, 15:30.
_BABEL_LOCALE_OF = {"en": "en_GB"}

DATE_WIDTHS = ("short", "medium", "long", "full")


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    name = _BABEL_LOCALE_OF.get(code, translation.to_locale(code))
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_BABEL_LOCALE_OF.get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE))


def current_locale() -> Locale:
    """The CLDR locale of the language active for this request or email."""
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


def uses_12_hour_clock(locale: Locale | None = None) -> bool:
    return "h" in (locale or current_locale()).time_formats["short"].pattern


def first_weekday(locale: Locale | None = None) -> int:
    """The first day of the locale's week, 0 = Monday (as `datetime.weekday()` counts)."""
    return int((locale or current_locale()).first_week_day)


def _hour_skeleton(skeleton: str, locale: Locale) -> str:
    return skeleton.replace("j", "h" if uses_12_hour_clock(locale) else "H")


def _split(skeleton: str) -> tuple[str, str]:
    """The date fields and the time fields of a skeleton ("MMMdjm" → "MMMd", "jm")."""
    time_fields = set("jhHkKmsa")
    date_part = "".join(c for c in skeleton if c not in time_fields)
    time_part = "".join(c for c in skeleton if c in time_fields)
    return date_part, time_part


# Wide weekday and month names: letters of CLDR patterns that name them abbreviated (E..EEE,
# ccc, MMM, LLL), each widened to four letters when the skeleton asks for the full name.
_ABBREVIATED = {"E": r"(?<![Ec])(E{1,3}|c{3})(?![Ec])", "M": r"(?<![ML])(M{3}|L{3})(?![ML])"}


@lru_cache(maxsize=512)
def _pattern_for(skeleton: str, locale: Locale) -> str:
    """The locale's pattern for a skeleton, with the skeleton's field widths.

    CLDR lists patterns for a few skeletons; the closest one is taken and its names widened as
    CLDR's matching rules ask ("EEEE": Friday, where the closest listed "E" gives "Fri"), which
    Babel leaves undone."""
    skeletons = locale.datetime_skeletons
    closest = babel_dates.match_skeleton(skeleton, skeletons)
    pattern = str(skeletons[closest].pattern) if closest in skeletons else skeleton
    for letter, abbreviated in _ABBREVIATED.items():
        if skeleton.count(letter) >= 4:
            pattern = re.sub(abbreviated, lambda match: match.group(1)[0] * 4, pattern)
    return pattern


def _format_skeleton(skeleton: str, value: dt.date | dt.datetime, locale: Locale) -> str:
    pattern = _pattern_for(skeleton, locale)
    if isinstance(value, dt.datetime):
        return babel_dates.format_datetime(value, pattern, tzinfo=value.tzinfo, locale=locale)
    return babel_dates.format_date(value, pattern, locale=locale)


def _as_local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# Formatting through CLDR costs tens of microseconds a value, and pages repeat values (a
# dashboard's months, a table's percentages): each text is made once per process.
FORMATTED_CACHE = 8192


@lru_cache(maxsize=FORMATTED_CACHE)
def _date_text(day: dt.date, pattern: str, locale: Locale) -> str:
    if pattern in DATE_WIDTHS:
        return babel_dates.format_date(day, pattern, locale=locale)
    return _format_skeleton(pattern, day, locale)


def _time_text(moment: dt.datetime, skeleton: str, locale: Locale) -> str:
    # Aware datetimes are equal when they are the same instant in any zone: the cache is keyed
    # by the wall clock and its zone instead.
    wall = moment.replace(tzinfo=None, fold=0)
    return _wall_time_text(wall, moment.tzinfo, moment.fold, skeleton, locale)


@lru_cache(maxsize=FORMATTED_CACHE)
def _wall_time_text(
    wall: dt.datetime, zone: dt.tzinfo | None, fold: int, skeleton: str, locale: Locale
) -> str:
    moment = wall.replace(tzinfo=zone, fold=fold)
    return _format_skeleton(_hour_skeleton(skeleton, locale), moment, locale)


def format_local_date(value: dt.date | dt.datetime | None, pattern: str = "medium") -> str:
    """A date (or a datetime's local date) as a width ("medium") or a skeleton ("MMMd")."""
    if value is None or value == "":
        return ""
    day = _as_local(value).date() if isinstance(value, dt.datetime) else value
    return _date_text(day, pattern, current_locale())


def format_local_time(value: dt.datetime | dt.time | None, skeleton: str = "jm") -> str:
    """A time of day on the locale's clock (15:30, 3:30 PM), in the active time zone."""
    if value is None or value == "":
        return ""
    moment = _as_local(value) if isinstance(value, dt.datetime) else value
    if isinstance(moment, dt.time):
        moment = dt.datetime.combine(dt.date(2000, 1, 1), moment)
    return _time_text(moment, skeleton, current_locale())


def format_local_datetime(value: dt.datetime | None, skeleton: str = "yMMMdjm") -> str:
    """A date with its time, joined the way the locale joins them ("4 Dec 2026, 15:30")."""
    if value is None or value == "":
        return ""
    date_part, time_part = _split(skeleton)
    if not time_part:
        return format_local_date(value, date_part or "medium")
    if not date_part:
        return format_local_time(value, time_part)
    # The zone and the language are read once: each costs a context-local lookup.
    locale = current_locale()
    moment = _as_local(value)
    joined = str(locale.datetime_formats["medium"])
    return joined.replace("{1}", _date_text(moment.date(), date_part, locale)).replace(
        "{0}", _time_text(moment, time_part, locale)
    )


def _with_decimals(pattern: str, decimals: int) -> str:
    """The locale's own pattern ("#,##0 %") with a fixed number of decimals."""
    return re.sub(
        r"0(\.[0#]+)?", "0" + ("." + "0" * decimals if decimals else ""), pattern, count=1
    )


def _half_up(value: Decimal, decimals: int) -> Decimal:
    """Rounded as people (and Django's floatformat) round: 3.25 → 3.3, not to the even 3.2."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


Number = float | int | Decimal | str | None


def _as_decimal(value: Number) -> Decimal | None:
    """The value as a number, or None for nothing or for what is not a number."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def format_local_number(value: Number, decimals: int | None = None) -> str:
    """A number with the locale's separators (1,234.5; 1.234,5; 1 234,5)."""
    number = _as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    # Keyed by the digits as written: 83 and 83.0 are equal numbers but not the same text.
    return _number_text(str(number), decimals, current_locale())


@lru_cache(maxsize=FORMATTED_CACHE)
def _number_text(digits: str, decimals: int | None, locale: Locale) -> str:
    number = Decimal(digits)
    if decimals is None:
        return babel_numbers.format_decimal(number, locale=locale)
    pattern = _with_decimals(str(locale.decimal_formats[None].pattern), decimals)
    return babel_numbers.format_decimal(_half_up(number, decimals), pattern, locale=locale)


def format_local_percent(points: Number, decimals: int = 0) -> str:
    """A share given in percentage points (40 → "40%", "40 %" by locale)."""
    number = _as_decimal(points)
    if number is None:
        return "" if points is None else str(points)
    return _percent_text(str(number), decimals, current_locale())


@lru_cache(maxsize=FORMATTED_CACHE)
def _percent_text(digits: str, decimals: int, locale: Locale) -> str:
    pattern = _with_decimals(str(locale.percent_formats[None].pattern), decimals)
    share = _half_up(Decimal(digits), decimals) / 100
    return babel_numbers.format_percent(share, pattern, locale=locale)


def weekdays_in_locale_order() -> list[tuple[int, str]]:
    """(number, name) of the seven days (0 = Monday), from the locale's first day of the week,
    named as the locale names them ("Montag", "lundi")."""
    locale = current_locale()
    names = locale.days["format"]["wide"]
    first = first_weekday(locale)
    return [((first + i) % 7, str(names[(first + i) % 7])) for i in range(7)]
