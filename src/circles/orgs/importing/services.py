"""People import: upload, map, preview and apply. The page, the CLI and the worker call these.

An import is checked in full before anything is written; any bad row means nothing is
applied. Applying checks again (the organisation may have changed since the preview) and
writes everything in one transaction.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from circles.accounts.models import User
from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.lib.errors import DomainError
from circles.lib.spreadsheet import inert_cell
from circles.orgs.models import (
    ImportMapping,
    Organisation,
    PeopleImport,
    PeopleImportChange,
    PeopleImportError,
    Person,
)

from . import bulk
from .mapping import (
    check_defaults,
    check_mapping,
    headers_key,
    needs_mapping_step,
    suggest_mapping,
)
from .planning import PERSON_VALUES, Plan, Planned, Target, display, plan_import
from .reading import Table, read_table
from .validation import RowError, text
from .writing import write_plan

logger = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
Status = PeopleImport.Status
# Files up to this many rows are checked and applied while the admin waits; larger ones go
# to the task worker and the page shows a progress bar.
INLINE_ROWS = 2000
EDITABLE = {Status.NEEDS_MAPPING, Status.PREVIEWED, Status.INVALID, Status.FAILED}
KEPT_SUMMARY = {"header_row", "remembered"}
# What the audit log keeps of an applied import: how many people, never who.
APPLY_COUNTS = ("created", "updated", "deactivated")
CREATE_DETAILS = (
    "employee_id",
    "department",
    "job_family",
    "level",
    "location",
    "time_zone",
    "start_date",
)


def max_upload_bytes() -> int:
    return int(settings.CIRCLES_IMPORT_MAX_MB * 1024 * 1024)


def import_upload(
    *,
    organisation: Organisation,
    uploaded_by: Person | None,
    filename: str,
    content: bytes,
    full_sync: bool = False,
    encoding: str | None = None,
) -> PeopleImport:
    """Store an uploaded export with its mapping: remembered, suggested, or still needed."""
    if len(content) > max_upload_bytes():
        raise DomainError(
            _("The file is larger than %(size)s MB.")
            % {"size": f"{settings.CIRCLES_IMPORT_MAX_MB:g}"},
            field="file",
        )
    table = read_table(content, encoding=encoding)
    if not table.rows:
        raise DomainError(_("The file has a header row but no people below it."), field="file")
    remembered = ImportMapping.objects.filter(
        organisation=organisation, headers_key=headers_key(table.headers)
    ).first()
    mapping: dict[str, str] = {}
    defaults: dict[str, Any] = {}
    if remembered is not None:
        try:
            mapping = check_mapping(table.headers, remembered.mapping)
            defaults = check_defaults(remembered.defaults)
        except DomainError:
            remembered = None
    if remembered is None:
        mapping = suggest_mapping(table.headers)
        defaults = {"date_order": detect_date_order(table, mapping)}
    needs = needs_mapping_step(mapping, defaults)
    return PeopleImport.objects.create(
        organisation=organisation,
        created_by=uploaded_by,
        filename=filename[:255],
        content=content,
        file_format=table.file_format,
        encoding=table.encoding,
        headers=table.headers,
        mapping=mapping,
        defaults=defaults,
        full_sync=full_sync,
        status=Status.NEEDS_MAPPING if needs else Status.QUEUED,
        row_count=len(table.rows),
        summary={
            "header_row": table.header_row,
            "remembered": remembered is not None,
            "needs": needs,
        },
    )


def detect_date_order(table: Table, mapping: Mapping[str, str]) -> str:
    """Day or month first for dates like 03/04/2025: a value past 12 decides."""
    header = mapping.get("start_date")
    if header is None:
        return "dmy"
    for _number, cell in table.column(header):
        parts = text(cell).split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            if int(parts[0]) > 12:
                return "dmy"
            if int(parts[1]) > 12:
                return "mdy"
    return "dmy"


def import_table(people_import: PeopleImport) -> Table:
    return read_table(bytes(people_import.content), encoding=people_import.encoding or None)


def locations_without_zone(table: Table, mapping: Mapping[str, str]) -> list[str]:
    """The distinct offices in the file, for the "time zone per office" part of the mapping."""
    header = mapping.get("location")
    if header is None:
        return []
    seen: dict[str, str] = {}
    for _number, cell in table.column(header):
        value = text(cell)
        if value:
            seen.setdefault(value.casefold(), value)
    return sorted(seen.values(), key=str.casefold)


def column_examples(table: Table, *, rows: int = 50) -> dict[str, str]:
    """A value from each column, to show beside its header when choosing columns."""
    examples: dict[str, str] = {}
    for row in table.rows[:rows]:
        for header, cell in zip(table.headers, row.cells, strict=False):
            if header not in examples and text(cell):
                examples[header] = text(cell)[:40]
    return examples


def _editable(people_import: PeopleImport) -> None:
    if people_import.status not in EDITABLE:
        raise DomainError(
            _("This import is no longer open (%(status)s): upload the file again to change it.")
            % {"status": people_import.get_status_display()}
        )


@transaction.atomic
def import_set_mapping(
    *,
    people_import: PeopleImport,
    mapping: Mapping[str, str],
    defaults: Mapping[str, Any],
    remember: bool = True,
) -> PeopleImport:
    """Choose the columns (and time zones per office); the next step is a fresh preview."""
    _editable(people_import)
    cleaned = check_mapping(list(people_import.headers), mapping)
    cleaned_defaults = check_defaults(defaults)
    if "time_zone" not in cleaned and "time_zone" not in cleaned_defaults:
        known = {k.casefold() for k in cleaned_defaults.get("time_zone_by_location", {})}
        missing = [
            office
            for office in locations_without_zone(import_table(people_import), cleaned)
            if office.casefold() not in known
        ]
        if missing or "location" not in cleaned:
            listed = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            if missing:
                message = _(
                    "Give a time zone for every office (%(offices)s), or one time zone for "
                    "everyone."
                ) % {"offices": listed}
            else:
                message = _("Give a time zone for every office, or one time zone for everyone.")
            raise DomainError(message, field="time_zone")
    if remember:
        ImportMapping.objects.update_or_create(
            organisation_id=people_import.organisation_id,
            headers_key=headers_key(people_import.headers),
            defaults={
                "headers": people_import.headers,
                "mapping": cleaned,
                "defaults": cleaned_defaults,
            },
        )
    people_import.mapping = cleaned
    people_import.defaults = cleaned_defaults
    _requeue(people_import)
    return people_import


def import_set_full_sync(*, people_import: PeopleImport, full_sync: bool) -> PeopleImport:
    """Switch full sync on or off; the preview is made again."""
    _editable(people_import)
    if people_import.status == Status.NEEDS_MAPPING:
        raise DomainError(_("Choose the columns first."))
    people_import.full_sync = full_sync
    _requeue(people_import)
    return people_import


def _requeue(people_import: PeopleImport) -> None:
    people_import.status = Status.QUEUED
    people_import.progress = 0.0
    people_import.phase = ""
    people_import.message = ""
    people_import.summary = {k: v for k, v in people_import.summary.items() if k in KEPT_SUMMARY}
    people_import.save()
    people_import.changes.all().delete()
    people_import.row_errors.all().delete()


class _Reporter:
    """Progress to the import's row (throttled, for the page) and to a caller (the CLI)."""

    def __init__(self, people_import: PeopleImport, progress: Progress | None) -> None:
        self.pk = people_import.pk
        self.progress = progress
        self.saved_at = 0.0
        self.writes = True

    def __call__(self, fraction: float, phase: str) -> None:
        if self.writes and (time.monotonic() - self.saved_at > 0.5 or fraction >= 1.0):
            self.saved_at = time.monotonic()
            PeopleImport.objects.filter(pk=self.pk).update(progress=fraction, phase=phase[:40])
        if self.progress is not None:
            self.progress(fraction, phase)


def _people(organisation_id: int) -> list[dict[str, Any]]:
    return list(Person.objects.filter(organisation_id=organisation_id).values(*PERSON_VALUES))


def _fingerprint(organisation_id: int) -> str:
    """Changes whenever someone in the organisation is added, changed or removed."""
    figures = Person.objects.filter(organisation_id=organisation_id).aggregate(
        count=Count("pk"), changed=Max("updated_at"), last=Max("pk")
    )
    return f"{figures['count']}|{figures['changed']}|{figures['last']}"


def _plan(people_import: PeopleImport, table: Table, report: Progress) -> Plan:
    plan = plan_import(
        table=table,
        mapping=people_import.mapping,
        defaults=people_import.defaults,
        people=_people(people_import.organisation_id),
        full_sync=people_import.full_sync,
        progress=report,
    )
    plan.errors.extend(_login_conflicts(plan, people_import))
    return plan


def _login_conflicts(plan: Plan, people_import: PeopleImport) -> list[RowError]:
    """A changed email is also a login name: it must not be someone else's login already."""
    moves = {
        planned.changes["email"][1]: planned
        for planned in plan.updates
        if planned.person is not None
        and planned.person["user_id"] is not None
        and "email" in planned.changes
    }
    if not moves:
        return []
    header = people_import.mapping.get("email", "email")
    taken = User.objects.filter(email__in=list(moves)).values_list("email", flat=True)
    return [
        RowError(
            moves[email].row.number,
            header,
            _("%(email)s is already another person's login.") % {"email": email},
        )
        for email in taken
    ]


def import_preview(
    *, people_import: PeopleImport, progress: Progress | None = None
) -> PeopleImport:
    """Check a queued import and store what applying it would do (or every bad row)."""
    claimed = PeopleImport.objects.filter(pk=people_import.pk, status=Status.QUEUED).update(
        status=Status.PREVIEWING, progress=0.0, phase=_("Reading the file")[:40]
    )
    people_import.refresh_from_db()
    if claimed != 1:
        return people_import
    report = _Reporter(people_import, progress)
    try:
        table = import_table(people_import)
        fingerprint = _fingerprint(people_import.organisation_id)
        plan = _plan(people_import, table, report)
        with transaction.atomic():
            _store(people_import, plan)
            people_import.summary["fingerprint"] = fingerprint
            people_import.status = Status.INVALID if plan.errors else Status.PREVIEWED
            people_import.progress = 1.0
            people_import.phase = ""
            people_import.save()
    except DomainError as error:
        _fail(people_import, error.message)
    except Exception:
        logger.exception("Preview of people import %s failed", people_import.pk)
        _fail(people_import, _("Checking the file failed unexpectedly; upload it again."))
        raise
    report(1.0, _("Checked"))
    return people_import


def import_request_apply(*, people_import: PeopleImport) -> PeopleImport:
    """Mark a previewed import to be applied (exactly once, whoever asks twice)."""
    claimed = PeopleImport.objects.filter(pk=people_import.pk, status=Status.PREVIEWED).update(
        status=Status.APPLYING, progress=0.0, phase=_("Waiting to apply")[:40]
    )
    people_import.refresh_from_db()
    if claimed != 1:
        if people_import.status in {Status.APPLYING, Status.APPLIED}:
            raise DomainError(_("This import is already applied (or being applied)."))
        raise DomainError(_("Only a checked import without errors can be applied."))
    # Recorded when an admin decides it, with the preview's counts; the page shows the outcome.
    counts = {k: people_import.summary.get(k, 0) for k in APPLY_COUNTS}
    audit_record(
        organisation_id=people_import.organisation_id,
        action=Action.PEOPLE_IMPORT_APPLIED,
        object_type="people_import",
        object_id=people_import.pk,
        summary=", ".join(f"{n} {k}" for k, n in counts.items())
        + (" (full sync)" if people_import.full_sync else ""),
        details={**counts, "rows": people_import.row_count, "full_sync": people_import.full_sync},
    )
    return people_import


def import_apply(*, people_import: PeopleImport, progress: Progress | None = None) -> PeopleImport:
    """Apply an import marked for applying: check again, then write it all or nothing."""
    people_import.refresh_from_db()
    if people_import.status != Status.APPLYING or people_import.applied_at is not None:
        return people_import
    report = _Reporter(people_import, progress)
    try:
        table = import_table(people_import)
        organisation_id = people_import.organisation_id
        before = _fingerprint(organisation_id)
        plan = _plan(people_import, table, report)
        report(0.9, _("Saving changes"))
        report.writes = False  # inside the transaction nobody else would see the progress
        with transaction.atomic():
            locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
            if locked.status != Status.APPLYING or locked.applied_at is not None:
                return locked
            now = _fingerprint(organisation_id)
            if now != before:
                plan = _plan(people_import, table, report)
            as_previewed = now == people_import.summary.get("fingerprint") and all(
                people_import.summary.get(k) == v for k, v in plan.counts().items()
            )
            if plan.errors:
                _store(people_import, plan)
                people_import.status = Status.INVALID
                people_import.message = _(
                    "The organisation changed since the preview; see the rows."
                )
            else:
                write_plan(organisation=people_import.organisation, plan=plan, progress=report)
                if not as_previewed:
                    # The preview's lists are the outcome unless the organisation changed since.
                    _store(people_import, plan)
                people_import.status = Status.APPLIED
                people_import.applied_at = timezone.now()
                # The file holds everyone's personal data; once applied it is not needed again.
                people_import.content = b""
            people_import.progress = 1.0
            people_import.phase = ""
            people_import.save()
    except DomainError as error:
        _fail(people_import, error.message, status=Status.FAILED)
    except IntegrityError:
        # Someone else wrote a clashing person between the check and the write.
        _fail(
            people_import,
            _(
                "Someone changed people at the same time; nothing was changed. Upload the file "
                "again."
            ),
        )
    except Exception:
        logger.exception("Applying people import %s failed", people_import.pk)
        _fail(people_import, _("Applying failed unexpectedly; nothing was changed."))
        raise
    report.writes = True
    report(1.0, pgettext("people import status", "Applied"))
    return people_import


def _fail(people_import: PeopleImport, message: str, *, status: str = Status.FAILED) -> None:
    PeopleImport.objects.filter(pk=people_import.pk).update(
        status=status, message=message, phase=""
    )
    people_import.refresh_from_db()


def _target_name(plan: Plan, rows: Mapping[Target, Planned], target: Any) -> str:
    if target is None:
        return "—"
    target = tuple(target)
    if target in rows:
        return rows[target].row.label()
    person = plan.people.get(target[1])
    return person["full_name"] if person else "—"


def _store(people_import: PeopleImport, plan: Plan) -> None:
    """Replace the import's change and error rows with this plan's."""
    people_import.changes.all().delete()
    people_import.row_errors.all().delete()
    bulk.insert(
        PeopleImportError,
        (
            {
                "people_import_id": people_import.pk,
                "row_number": e.row,
                "column": e.column[:255],
                "reason": e.reason,
            }
            for e in plan.errors
        ),
    )
    people_import.summary = {
        **{k: v for k, v in people_import.summary.items() if k in KEPT_SUMMARY},
        **plan.counts(),
    }
    if plan.errors:
        return
    bulk.insert(PeopleImportChange, _change_rows(people_import.pk, plan))


def _change_rows(import_id: int, plan: Plan) -> Iterator[dict[str, Any]]:
    rows = {p.target: p for p in plan.rows}
    Kind = PeopleImportChange.Kind
    for planned in plan.rows:
        values = planned.row.values
        details: dict[str, Any]
        if planned.person is None:
            details = {name: display(values[name]) for name in CREATE_DETAILS if name in values}
            if planned.manager is not None:
                details["manager"] = _target_name(plan, rows, planned.manager)
            kind, person_id = Kind.CREATE, None
        else:
            details = {
                name: [
                    _target_name(plan, rows, before) if name == "manager" else display(before),
                    _target_name(plan, rows, after) if name == "manager" else display(after),
                ]
                for name, (before, after) in planned.changes.items()
            }
            kind = Kind.UPDATE if planned.changes else Kind.UNCHANGED
            person_id = planned.person["pk"]
        yield {
            "people_import_id": import_id,
            "kind": kind,
            "row_number": planned.row.number,
            "person_id": person_id,
            "full_name": str(values.get("full_name") or ""),
            "email": planned.row.email,
            "details": details,
        }
    for person in plan.deactivate:
        yield {
            "people_import_id": import_id,
            "kind": Kind.DEACTIVATE,
            "row_number": None,
            "person_id": person["pk"],
            "full_name": person["full_name"],
            "email": person["email"],
            "details": {},
        }


def import_errors_csv(people_import: PeopleImport) -> str:
    """Every error of an import as CSV (row, column, reason), to fix the file against."""
    audit_record(
        organisation_id=people_import.organisation_id,
        action=Action.IMPORT_ERRORS_EXPORTED,
        object_type="people_import",
        object_id=people_import.pk,
        summary="Downloaded the rejected rows as CSV",
        details={"errors": people_import.row_errors.count()},
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "reason"])
    for row, column, reason in people_import.row_errors.values_list(
        "row_number", "column", "reason"
    ).iterator(chunk_size=5000):
        writer.writerow([row or "", inert_cell(column), inert_cell(reason)])
    return out.getvalue()
