"""The sensible ranges input must lie in, checked where it enters (forms) and where it is
written (services), so one stored bad value can never break pages for other people."""

from __future__ import annotations

import datetime as dt

from django.db.models import CheckConstraint, Q
from django.utils.translation import gettext as _

from circles.languages import formats

from .errors import DomainError

# Every date the product stores lies in this range: far enough for any real plan or history,
# near enough that converting it to any time zone can never overflow.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def require_date_within(
    value: dt.date | dt.datetime,
    *,
    low: dt.date = EARLIEST_DATE,
    high: dt.date = LATEST_DATE,
    field: str | None = None,
) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    low, high = max(low, EARLIEST_DATE), min(high, LATEST_DATE)
    if not low <= day <= high:
        raise DomainError(
            _("Choose a date between %(low)s and %(high)s.")
            % {"low": formats.format_local_date(low), "high": formats.format_local_date(high)},
            field=field,
        )


def within_bounds(field: str, *, name: str, is_datetime: bool = False) -> CheckConstraint:
    """A database check that a date (or date-time) column stays inside the product's range."""
    if is_datetime:
        low: dt.date = dt.datetime.combine(EARLIEST_DATE, dt.time(), tzinfo=dt.UTC)
        high: dt.date = dt.datetime.combine(LATEST_DATE, dt.time(23, 59, 59), tzinfo=dt.UTC)
    else:
        low, high = EARLIEST_DATE, LATEST_DATE
    inside = Q(**{f"{field}__gte": low, f"{field}__lte": high}) | Q(**{f"{field}__isnull": True})
    return CheckConstraint(condition=inside, name=name)
