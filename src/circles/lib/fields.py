"""Form fields shared across apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.languages import formats

from .bounds import EARLIEST_DATE, LATEST_DATE

# Database ids are signed 64-bit integers: anything outside is not an id, whatever it says.
MAX_ID = 2**63 - 1


class IdListField(forms.Field):
    """Many record ids from ticked checkboxes (`name=x&name=y`), checked for shape only.

    Whether an id belongs to the asker is the view's or service's business; here a value that
    is not a positive 64-bit integer is a clear form error rather than a database overflow.
    """

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": gettext_lazy("That choice is not valid."),
        "too_many": gettext_lazy("Choose at most %(limit)s at once."),
    }

    def __init__(self, *, limit: int = 10_000, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value: Any) -> list[int]:
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > self.limit:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.limit}
            )
        ids: list[int] = []
        for raw in values:
            text = str(raw).strip()
            if not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if int(text) not in ids:
                ids.append(int(text))
        return ids


def _date_bounds(past: dt.timedelta | None, future: dt.timedelta | None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    low = max(EARLIEST_DATE, today - past) if past is not None else EARLIEST_DATE
    high = min(LATEST_DATE, today + future) if future is not None else LATEST_DATE
    return low, high


def _out_of_range(low: dt.date, high: dt.date) -> forms.ValidationError:
    return forms.ValidationError(
        _("Choose a date between %(low)s and %(high)s."),
        code="out_of_range",
        params={"low": formats.format_local_date(low), "high": formats.format_local_date(high)},
    )


class BoundedDateField(forms.DateField):
    """A date within a sensible window around today (and never outside 1900 to 2100).

    ``past`` and ``future`` say how far from today the date may lie; the browser's date picker
    gets the same bounds as ``min`` and ``max``.
    """

    def __init__(
        self,
        *,
        past: dt.timedelta | None = None,
        future: dt.timedelta | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        self.past, self.future = past, future
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        low, high = _date_bounds(self.past, self.future)
        return {**super().widget_attrs(widget), "min": low.isoformat(), "max": high.isoformat()}

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        low, high = _date_bounds(self.past, self.future)
        if not low <= value <= high:
            raise _out_of_range(low, high)


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time within a sensible window around now; see BoundedDateField."""

    def __init__(
        self,
        *,
        past: dt.timedelta | None = None,
        future: dt.timedelta | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        self.past, self.future = past, future
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        low, high = _date_bounds(self.past, self.future)
        return {
            **super().widget_attrs(widget),
            "min": f"{low.isoformat()}T00:00",
            "max": f"{high.isoformat()}T23:59",
        }

    def to_python(self, value: Any) -> dt.datetime | None:
        # Refuse far-off years before Django makes the value aware: that step can overflow.
        if isinstance(value, str):
            digits = value.strip()[:4]
            if digits.isdigit() and not EARLIEST_DATE.year <= int(digits) <= LATEST_DATE.year:
                low, high = _date_bounds(self.past, self.future)
                raise _out_of_range(low, high)
        try:
            return super().to_python(value)
        except OverflowError as exc:
            low, high = _date_bounds(self.past, self.future)
            raise _out_of_range(low, high) from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        low, high = _date_bounds(self.past, self.future)
        if not low <= value.date() <= high:
            raise _out_of_range(low, high)


class ListedChoiceIterator(ModelChoiceIterator):
    """A menu's choices from one plain query.

    Django streams them through ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
    cursor: three round trips for a menu of a circle's handful of members, on every page that
    shows one. The form's menus are small; one query is cheaper.
    """

    def _rows(self) -> Any:
        listed = getattr(self.field, "listed", None)
        return self.queryset if listed is None else listed

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._rows():
            yield self.choice(obj)

    def __len__(self) -> int:
        listed = getattr(self.field, "listed", None)
        count = self.queryset.count() if listed is None else len(listed)
        return count + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        listed = getattr(self.field, "listed", None)
        has_rows = self.queryset.exists() if listed is None else bool(listed)
        return self.field.empty_label is not None or has_rows


class _KeepsWhatWasRead:
    """A queryset given already read (the members of a circle that three forms of one page
    offer) is offered as read: Django's queryset setter takes a fresh copy of it, which would
    read it again for every menu. Choices a person submits are still checked against the
    database."""

    listed: list[Any] | None = None

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        read = getattr(queryset, "_result_cache", None)
        self.listed = None if read is None else list(read)

    queryset = property(lambda self: self._queryset, _set_queryset)


class ListedChoiceField(_KeepsWhatWasRead, forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class RecordChoicesField(_KeepsWhatWasRead, forms.ModelMultipleChoiceField):
    """Django's multiple choice of records, refusing ids outside the database's integer range.

    An id above 2**63 would reach the database in an ``IN`` list and overflow there (a 500);
    here it is the same clear error as any other choice that is not on offer.
    """

    iterator = ListedChoiceIterator

    def _check_values(self, value: Any) -> Any:
        if not self.to_field_name and isinstance(value, list | tuple | set | frozenset):
            for raw in value:
                text = str(raw).strip()
                if not text.isdigit() or not 0 < int(text) <= MAX_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": raw},
                    )
        return super()._check_values(value)  # type: ignore[misc]
