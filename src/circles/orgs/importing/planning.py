"""What an import would do: match rows to people, resolve managers, compare, collect errors.

Matching: a row whose employee id belongs to someone is that person; otherwise a row whose
email belongs to someone (compared case-insensitively) is that person, unless that person has a
different employee id. A row whose employee id matches one person and email another is an
error, so is a second row for the same person. Everyone else is new. Managers are resolved in a
second pass, once every row is known, by email (a value with "@") or employee id, first among
the file's rows, then among the organisation's people. Works on plain dicts: the caller loads
the organisation's people with one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from circles.accounts.models import normalise_email
from circles.languages import formats

from .reading import Table
from .validation import ParsedRow, RowError, RowParser, check_working_hours

# The values of people loaded for comparison (one .values() query).
PERSON_VALUES = (
    "pk",
    "employee_id",
    "email",
    "full_name",
    "department",
    "job_family",
    "level",
    "location",
    "time_zone",
    "work_starts_at",
    "work_ends_at",
    "start_date",
    "manager_id",
    "languages",
    "development_interests",
    "is_active",
    "role",
    "user_id",
)
COMPARED = (
    "employee_id",
    "full_name",
    "email",
    "department",
    "job_family",
    "level",
    "location",
    "time_zone",
    "work_starts_at",
    "work_ends_at",
    "start_date",
    "languages",
    "development_interests",
)
# A manager is a person (their id) or a new person (the row that creates them).
Target = tuple[str, int]
Progress = Callable[[float, str], None]
PROGRESS_EVERY = 5000


@dataclass
class Planned:
    """One row's outcome: a new person, a change to one, or nothing to do."""

    row: ParsedRow
    person: dict[str, Any] | None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    manager: Target | None = None
    manager_given: bool = False

    @property
    def target(self) -> Target:
        return ("person", self.person["pk"]) if self.person else ("row", self.row.number)


@dataclass
class Plan:
    rows: list[Planned] = field(default_factory=list)
    deactivate: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    people: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def creates(self) -> list[Planned]:
        return [p for p in self.rows if p.person is None]

    @property
    def updates(self) -> list[Planned]:
        return [p for p in self.rows if p.person is not None and p.changes]

    @property
    def unchanged(self) -> list[Planned]:
        return [p for p in self.rows if p.person is not None and not p.changes]

    def counts(self) -> dict[str, int]:
        created = updated = unchanged = 0
        for planned in self.rows:
            if planned.person is None:
                created += 1
            elif planned.changes:
                updated += 1
            else:
                unchanged += 1
        return {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "deactivated": len(self.deactivate),
            "errors": len(self.errors),
        }


def plan_import(
    *,
    table: Table,
    mapping: Mapping[str, str],
    defaults: Mapping[str, Any],
    people: Iterable[dict[str, Any]],
    full_sync: bool,
    progress: Progress | None = None,
) -> Plan:
    plan = Plan(people={p["pk"]: p for p in people})
    parser = RowParser(table.headers, mapping, defaults)
    by_employee_id = {p["employee_id"]: p for p in plan.people.values() if p["employee_id"]}
    by_email = {p["email"]: p for p in plan.people.values()}
    seen_email: dict[str, int] = {}
    seen_employee_id: dict[str, int] = {}
    claimed: dict[int, int] = {}
    total = max(len(table.rows), 1)
    for index, row in enumerate(table.rows):
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(0.8 * index / total, _("Checking rows"))
        parsed = parser.parse(row)
        email, employee_id = parsed.email, parsed.employee_id
        error = parsed.errors.append
        if email:
            if email in seen_email:
                error(
                    RowError(
                        row.number,
                        parser.header("email"),
                        _("Duplicate email %(value)s: also on row %(row)s.")
                        % {"value": email, "row": seen_email[email]},
                    )
                )
            else:
                seen_email[email] = row.number
        if employee_id:
            if employee_id in seen_employee_id:
                error(
                    RowError(
                        row.number,
                        parser.header("employee_id"),
                        _("Duplicate employee id %(value)s: also on row %(row)s.")
                        % {"value": employee_id, "row": seen_employee_id[employee_id]},
                    )
                )
            else:
                seen_employee_id[employee_id] = row.number
        person = _match(parsed, by_employee_id, by_email, parser.header)
        if (
            person is not None
            and not parser.zone_column
            and parsed.values.get("location", person["location"]) == person["location"]
        ):
            # A zone implied by the office is for newcomers and people who move office; it
            # does not undo a zone set for someone who stays where they are.
            parsed.values.pop("time_zone", None)
        if person is not None:
            if person["pk"] in claimed:
                error(
                    RowError(
                        row.number,
                        parser.header("employee_id" if employee_id else "email"),
                        _("This is %(name)s again, already on row %(row)s.")
                        % {"name": person["full_name"], "row": claimed[person["pk"]]},
                    )
                )
            else:
                claimed[person["pk"]] = row.number
        check_working_hours(parsed, person, parser.header)
        plan.errors.extend(parsed.errors)
        plan.rows.append(Planned(row=parsed, person=person, manager_given="manager" in mapping))
    if progress is not None:
        progress(0.8, _("Resolving managers"))
    leaving = (
        {pk for pk, p in plan.people.items() if p["is_active"] and pk not in claimed}
        if full_sync
        else set()
    )
    _resolve_managers(plan, parser, by_employee_id, by_email, leaving)
    _check_cycles(plan, parser)
    for planned in plan.rows:
        if planned.person is not None:
            planned.changes = _changes(planned)
    if full_sync:
        plan.deactivate = [plan.people[pk] for pk in sorted(leaving)]
        _keep_an_admin(plan, claimed)
    plan.errors.sort(key=lambda e: (e.row, e.column))
    if progress is not None:
        progress(0.9, _("Checked"))
    return plan


def _match(
    parsed: ParsedRow,
    by_employee_id: Mapping[str, dict[str, Any]],
    by_email: Mapping[str, dict[str, Any]],
    header: Callable[[str], str],
) -> dict[str, Any] | None:
    employee_id, email = parsed.employee_id, parsed.email
    by_id = by_employee_id.get(employee_id) if employee_id else None
    by_mail = by_email.get(email) if email else None
    if by_id is not None and by_mail is not None and by_id is not by_mail:
        parsed.errors.append(
            RowError(
                parsed.number,
                header("employee_id"),
                _(
                    "Employee id %(employee_id)s belongs to %(name)s, but %(email)s to "
                    "%(other_name)s."
                )
                % {
                    "employee_id": employee_id,
                    "name": by_id["full_name"],
                    "email": email,
                    "other_name": by_mail["full_name"],
                },
            )
        )
        return None
    if by_id is not None:
        return by_id
    if by_mail is not None:
        if employee_id and by_mail["employee_id"] and by_mail["employee_id"] != employee_id:
            parsed.errors.append(
                RowError(
                    parsed.number,
                    header("email"),
                    _(
                        "%(email)s belongs to %(name)s, whose employee id is %(their_id)s, "
                        "not %(employee_id)s."
                    )
                    % {
                        "email": email,
                        "name": by_mail["full_name"],
                        "their_id": by_mail["employee_id"],
                        "employee_id": employee_id,
                    },
                )
            )
            return None
        return by_mail
    return None


def _resolve_managers(
    plan: Plan,
    parser: RowParser,
    by_employee_id: Mapping[str, dict[str, Any]],
    by_email: Mapping[str, dict[str, Any]],
    leaving: set[int],
) -> None:
    in_file: dict[str, Planned] = {}
    for planned in plan.rows:
        if planned.row.email:
            in_file.setdefault(planned.row.email, planned)
        if planned.row.employee_id:
            in_file.setdefault(f"#{planned.row.employee_id}", planned)
    column = parser.header("manager")
    for planned in plan.rows:
        ref = planned.row.manager_ref
        if not planned.manager_given:
            if planned.person is not None and planned.person["manager_id"] is not None:
                planned.manager = ("person", planned.person["manager_id"])
            continue
        if ref is None:
            continue
        is_email = "@" in ref
        key = normalise_email(ref) if is_email else f"#{ref}"
        found = in_file.get(key)
        if found is not None:
            target = found.target
        else:
            person = (by_email if is_email else by_employee_id).get(key.lstrip("#"))
            if person is None:
                if is_email:
                    reason = _(
                        "Manager not found: nobody in the file or the organisation has the "
                        "email %(value)s."
                    )
                else:
                    reason = _(
                        "Manager not found: nobody in the file or the organisation has the "
                        "employee id %(value)s."
                    )
                planned.row.errors.append(
                    RowError(planned.row.number, column, reason % {"value": ref})
                )
                plan.errors.append(planned.row.errors[-1])
                continue
            if person["pk"] in leaving or not person["is_active"]:
                if person["pk"] in leaving:
                    reason = _(
                        "The manager %(name)s is not in the file, so the full sync would "
                        "deactivate them."
                    )
                else:
                    reason = _("The manager %(name)s has left the organisation.")
                planned.row.errors.append(
                    RowError(planned.row.number, column, reason % {"name": person["full_name"]})
                )
                plan.errors.append(planned.row.errors[-1])
                continue
            target = ("person", person["pk"])
        if target == planned.target:
            planned.row.errors.append(
                RowError(planned.row.number, column, _("A person cannot be their own manager."))
            )
            plan.errors.append(planned.row.errors[-1])
            continue
        planned.manager = target


def _check_cycles(plan: Plan, parser: RowParser) -> None:
    """Report every row on a loop of managers (A reports to B, B to A)."""
    manager_of: dict[Target, Target | None] = {
        ("person", pk): (("person", p["manager_id"]) if p["manager_id"] else None)
        for pk, p in plan.people.items()
    }
    rows_by_target: dict[Target, Planned] = {}
    for planned in plan.rows:
        manager_of[planned.target] = planned.manager
        rows_by_target[planned.target] = planned
    done: set[Target] = set()
    column = parser.header("manager")
    for planned in plan.rows:
        start = planned.target
        if start in done:
            continue
        path: list[Target] = []
        on_path: dict[Target, int] = {}
        node: Target | None = start
        while node is not None and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = manager_of.get(node)
        if node is not None and node in on_path:
            loop = path[on_path[node] :]
            names = [_name(plan, rows_by_target, t) for t in loop]
            chain = " → ".join([*names, names[0]])
            for target in loop:
                looped = rows_by_target.get(target)
                if looped is not None:
                    looped.row.errors.append(
                        RowError(
                            looped.row.number,
                            column,
                            _("Manager cycle: %(chain)s.") % {"chain": chain},
                        )
                    )
                    plan.errors.append(looped.row.errors[-1])
        done.update(path)


def _name(plan: Plan, rows: Mapping[Target, Planned], target: Target) -> str:
    if target in rows:
        return rows[target].row.label()
    return str(plan.people[target[1]]["full_name"])


def _changes(planned: Planned) -> dict[str, tuple[Any, Any]]:
    person = planned.person
    assert person is not None
    changes: dict[str, tuple[Any, Any]] = {}
    for name in COMPARED:
        if name in planned.row.values:
            before, after = person[name], planned.row.values[name]
            if before != after and not (before in (None, "") and after in (None, "")):
                changes[name] = (before, after)
    if planned.manager_given:
        before_manager = person["manager_id"]
        after = planned.manager
        if after is None:
            if before_manager is not None:
                changes["manager"] = (("person", before_manager), None)
        elif after != ("person", before_manager):
            changes["manager"] = (
                ("person", before_manager) if before_manager is not None else None,
                after,
            )
    if not person["is_active"]:
        changes["is_active"] = (False, True)
    return changes


def _keep_an_admin(plan: Plan, claimed: Mapping[int, int]) -> None:
    admins = [p for p in plan.people.values() if p["is_active"] and p["role"] == "admin"]
    if admins and all(p["pk"] not in claimed for p in admins):
        names = ", ".join(p["full_name"] for p in admins[:5])
        plan.errors.insert(
            0,
            RowError(
                0,
                "",
                _(
                    "A full sync would deactivate every organisation admin (%(names)s): add at "
                    "least one of them to the file, or import without full sync."
                )
                % {"names": names},
            ),
        )


def display(value: Any) -> str:
    """A value as the preview shows it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return (
            pgettext("person status", "active") if value else pgettext("person status", "inactive")
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.time):
        return formats.format_local_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
