"""Turning one row's cells into a person's values, or the reasons it cannot be.

The rules are those of ``circles.orgs.people.services`` (a known time zone, working hours that
end after they start, a level from 1 to 20, a valid email), applied to plain values so that a
100,000-row file is checked in memory. A blank cell in a mapped column clears a field that may
be empty (department, start date, manager…) and keeps the current value of one that may not
(level, time zone, working hours); an employee id is never cleared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from circles.accounts.models import normalise_email
from circles.languages import formats

from .mapping import FIELDS, canonical_time_zone
from .reading import Cell, Row

MAX_LENGTHS = {
    "employee_id": 64,
    "full_name": 200,
    "email": 254,
    "department": 120,
    "job_family": 120,
    "location": 120,
}
TEXT_FIELDS = ("department", "job_family", "location")
LIST_FIELDS = ("languages", "development_interests")
# Fields whose blank cell leaves the current value (a new person gets the model's default).
KEEP_WHEN_BLANK = ("employee_id", "level", "time_zone", "work_starts_at", "work_ends_at")
LIST_SEPARATORS = re.compile(r"\s*[,;|/]\s*")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::\d{2})?\s*(am|pm)?$", re.IGNORECASE)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ParsedRow:
    """A row's values by field, only for the fields the file maps (blank ones as noted above)."""

    number: int
    values: dict[str, Any]
    manager_ref: str | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def email(self) -> str:
        return str(self.values.get("email", ""))

    @property
    def employee_id(self) -> str:
        return str(self.values.get("employee_id", ""))

    def label(self) -> str:
        return str(
            self.values.get("full_name") or self.email or _("row %(row)s") % {"row": self.number}
        )


class CellError(ValueError):
    pass


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return " ".join(str(cell).split())


def parse_email(cell: Cell) -> str:
    value = normalise_email(text(cell))
    if not value:
        raise CellError(_("The email is missing."))
    try:
        validate_email(value)
    except ValidationError as error:
        raise CellError(
            _("“%(value)s” is not a valid email address.") % {"value": value}
        ) from error
    return value


def parse_level(cell: Cell) -> int:
    if isinstance(cell, bool):
        raise CellError(_("The level must be a whole number from 1 to 20."))
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        raw = text(cell)
        try:
            number = float(raw.replace(",", "."))
        except ValueError as error:
            raise CellError(
                _("“%(value)s” is not a level (a whole number from 1 to 20).") % {"value": raw}
            ) from error
    if not number.is_integer():
        raise CellError(
            _("%(value)s is not a whole number: levels run from 1 to 20.")
            % {"value": f"{number:g}"}
        )
    if not 1 <= number <= 20:
        raise CellError(
            _("Level %(value)s is out of range: levels run from 1 to 20.")
            % {"value": f"{number:g}"}
        )
    return int(number)


def parse_time_zone(cell: Cell) -> str:
    raw = text(cell)
    zone = canonical_time_zone(raw)
    if zone is None:
        raise CellError(
            _("“%(value)s” is not a known time zone (use a name like Europe/Berlin).")
            % {"value": raw}
        )
    return zone


def parse_date(cell: Cell, date_order: str) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    raw = text(cell)
    try:
        if match := _ISO.match(raw):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := _DMY.match(raw):
            first, second, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000 if year < 70 else 1900
            if "." in raw or date_order == "dmy":
                return dt.date(year, second, first)
            return dt.date(year, first, second)
    except ValueError as error:
        raise CellError(_("“%(value)s” is not a date that exists.") % {"value": raw}) from error
    raise CellError(_("“%(value)s” is not a date (use 2025-04-03 or 03.04.2025).") % {"value": raw})


def parse_time(cell: Cell) -> dt.time:
    if isinstance(cell, dt.datetime):
        return cell.time()
    if isinstance(cell, dt.time):
        return cell.replace(second=0, microsecond=0)
    raw = text(cell)
    match = _TIME.match(raw)
    if match:
        hour, minute, suffix = int(match.group(1)), int(match.group(2)), match.group(3)
        if suffix:
            if not 1 <= hour <= 12:
                raise CellError(_("“%(value)s” is not a time of day.") % {"value": raw})
            hour = hour % 12 + (12 if suffix.lower() == "pm" else 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise CellError(_("“%(value)s” is not a time of day (use 09:00 or 17:30).") % {"value": raw})


def parse_list(cell: Cell) -> list[str]:
    return [item for item in LIST_SEPARATORS.split(text(cell)) if item]


def _length(name: str, value: str) -> str:
    limit = MAX_LENGTHS.get(name)
    if limit is not None and len(value) > limit:
        raise CellError(_("Longer than %(limit)s characters.") % {"limit": limit})
    return value


class RowParser:
    """Parses rows with one mapping; built once per file so each row does no set-up."""

    def __init__(
        self, headers: list[str], mapping: Mapping[str, str], defaults: Mapping[str, Any]
    ) -> None:
        self.columns = {name: headers.index(header) for name, header in mapping.items()}
        self.headers = dict(mapping)
        self.date_order = str(defaults.get("date_order") or "dmy")
        self.zone_by_location = {
            " ".join(k.split()).casefold(): v
            for k, v in (defaults.get("time_zone_by_location") or {}).items()
        }
        self.default_zone = str(defaults.get("time_zone") or "")
        self.zone_column = "time_zone" in self.columns
        order = [name for name in FIELDS if name in self.columns]
        self.steps: list[tuple[str, int, Callable[[Cell], Any]]] = [
            (name, self.columns[name], self._parser(name)) for name in order
        ]

    def _parser(self, name: str) -> Callable[[Cell], Any]:
        if name == "email":
            return parse_email
        if name == "level":
            return parse_level
        if name == "time_zone":
            return parse_time_zone
        if name == "start_date":
            return lambda cell: parse_date(cell, self.date_order)
        if name in {"work_starts_at", "work_ends_at"}:
            return parse_time
        if name in LIST_FIELDS:
            return parse_list
        return lambda cell: _length(name, text(cell))

    def header(self, name: str) -> str:
        return str(self.headers.get(name, FIELDS.get(name, name)))

    def parse(self, row: Row) -> ParsedRow:
        parsed = ParsedRow(number=row.number, values={})
        cells = row.cells
        if row.extra:
            parsed.errors.append(
                RowError(
                    row.number,
                    "",
                    _(
                        "The row has more values than the file has columns (a stray delimiter "
                        "or an unclosed quote?)."
                    ),
                )
            )
        first = last = ""
        for name, index, parse in self.steps:
            cell = cells[index] if index < len(cells) else None
            blank = cell is None or (isinstance(cell, str) and not cell)
            if name == "manager":
                parsed.manager_ref = text(cell) or None
                continue
            if blank and name in KEEP_WHEN_BLANK:
                continue
            if blank and name not in {"email", "full_name"}:
                if name in {"first_name", "last_name"}:
                    continue
                parsed.values[name] = [] if name in LIST_FIELDS else None
                if name in TEXT_FIELDS:
                    parsed.values[name] = ""
                continue
            try:
                value = parse(cell)
            except CellError as error:
                parsed.errors.append(RowError(row.number, self.header(name), str(error)))
                continue
            if name == "first_name":
                first = value
            elif name == "last_name":
                last = value
            else:
                parsed.values[name] = value
        if "full_name" not in self.columns or not parsed.values.get("full_name"):
            name = " ".join(part for part in (first, last) if part)
            if name:
                parsed.values["full_name"] = name
        if not parsed.values.get("full_name"):
            column = self.header("full_name" if "full_name" in self.columns else "last_name")
            parsed.errors.append(RowError(row.number, column, _("The name is missing.")))
        elif len(parsed.values["full_name"]) > MAX_LENGTHS["full_name"]:
            parsed.errors.append(
                RowError(
                    row.number,
                    self.header("full_name"),
                    _("Longer than %(limit)s characters.") % {"limit": MAX_LENGTHS["full_name"]},
                )
            )
        if "email" not in parsed.values and not any(
            e.column == self.header("email") for e in parsed.errors
        ):
            parsed.errors.append(
                RowError(row.number, self.header("email"), _("The email is missing."))
            )
        self._zone_from_location(parsed)
        return parsed

    def _zone_from_location(self, parsed: ParsedRow) -> None:
        if self.zone_column and "time_zone" in parsed.values:
            return
        location = " ".join(str(parsed.values.get("location") or "").split()).casefold()
        zone = self.zone_by_location.get(location) or self.default_zone
        if zone:
            parsed.values["time_zone"] = zone


def check_working_hours(
    parsed: ParsedRow, before: Mapping[str, Any] | None, header: Callable[[str], str]
) -> None:
    """Working hours end after they start, counting the current value of a blank cell."""
    starts = parsed.values.get("work_starts_at") or (before or {}).get("work_starts_at")
    ends = parsed.values.get("work_ends_at") or (before or {}).get("work_ends_at")
    starts = starts or dt.time(9, 0)
    ends = ends or dt.time(17, 0)
    if ends <= starts and ("work_starts_at" in parsed.values or "work_ends_at" in parsed.values):
        column = header("work_ends_at" if "work_ends_at" in parsed.values else "work_starts_at")
        parsed.errors.append(
            RowError(
                parsed.number,
                column,
                _("Working hours must end after they start (%(start)s to %(end)s).")
                % {
                    "start": formats.format_local_time(starts),
                    "end": formats.format_local_time(ends),
                },
            )
        )
