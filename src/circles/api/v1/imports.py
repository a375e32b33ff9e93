"""The people import from HR exports, for organisation admins and service tokens: upload,
watch the check, read the preview and its rejected rows, apply. The same services as the
import pages; small files are checked while the caller waits, large ones on the task worker."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from circles.api.models import Scope
from circles.orgs.importing import dispatch, services
from circles.orgs.importing.selectors import (
    can_import_people,
    import_changes,
    import_errors,
    imports_of,
)
from circles.orgs.models import PeopleImport

from .auth import Caller, caller
from .errors import ApiError, not_found
from .schemas import Id, Page, answers

router = Router(tags=["people import"])

# Counts an import's summary carries, as the preview page shows them.
COUNTS = ("created", "updated", "unchanged", "deactivated", "errors")


class ImportOut(Schema):
    id: int
    filename: str
    status: str
    file_format: str
    full_sync: bool
    row_count: int
    progress: float
    message: str
    counts: dict[str, int]
    created_at: dt.datetime
    applied_at: dt.datetime | None

    @staticmethod
    def resolve_counts(obj: PeopleImport) -> dict[str, int]:
        return {key: int(obj.summary.get(key, 0) or 0) for key in COUNTS}


class ImportErrorOut(Schema):
    row_number: int
    column: str
    reason: str


class ImportChangeOut(Schema):
    kind: str
    row_number: int | None
    person_id: int | None
    full_name: str
    email: str
    details: dict[str, Any]


class ChangeFilters(Schema):
    kind: Literal["create", "update", "unchanged", "deactivate"] = "create"


class ApplyIn(Schema):
    confirm: bool = False


def _admin(request: HttpRequest) -> Caller:
    found = caller(request)
    if not can_import_people(found.viewer):
        raise not_found()
    found.require_scope(Scope.ADMIN)
    return found


def _import(request: HttpRequest, import_id: int) -> PeopleImport:
    people_import = imports_of(_admin(request).viewer).filter(pk=import_id).first()
    if people_import is None:
        raise not_found()
    return people_import


@router.get("/imports", response=answers(list[ImportOut]), summary="List people imports")
@paginate(Page)
def imports_list(request: HttpRequest) -> Any:
    return imports_of(_admin(request).viewer)


@router.post("/imports", response=answers(ImportOut, 201), summary="Upload an HR export")
def import_create(
    request: HttpRequest, file: File[UploadedFile], full_sync: Form[bool] = False
) -> Any:
    """CSV or XLSX, as on the import page. A file whose columns are recognised is checked at
    once (or on the worker when large); otherwise its status says it needs a mapping, which
    is chosen once on the import page and remembered for files of the same layout."""
    found = _admin(request)
    if file.size is not None and file.size > services.max_upload_bytes():
        raise ApiError(413, "The file is too large.", field="file")
    created = services.import_upload(
        organisation=found.organisation,
        uploaded_by=found.person,
        filename=file.name or "upload",
        content=file.read(),
        full_sync=full_sync,
    )
    dispatch.import_dispatch(people_import=created)
    created.refresh_from_db()
    return Status(201, created)


@router.get("/imports/{import_id}", response=answers(ImportOut), summary="Read a people import")
def import_read(request: HttpRequest, import_id: Id) -> Any:
    return _import(request, import_id)


@router.get(
    "/imports/{import_id}/errors",
    response=answers(list[ImportErrorOut]),
    summary="List an import's rejected rows",
)
@paginate(Page)
def import_error_rows(request: HttpRequest, import_id: Id) -> Any:
    return import_errors(_import(request, import_id))


@router.get(
    "/imports/{import_id}/changes",
    response=answers(list[ImportChangeOut]),
    summary="List what an import changes",
)
@paginate(Page)
def import_change_rows(request: HttpRequest, import_id: Id, filters: Query[ChangeFilters]) -> Any:
    return import_changes(_import(request, import_id), filters.kind)


@router.post(
    "/imports/{import_id}/apply", response=answers(ImportOut), summary="Apply a checked import"
)
def import_apply(request: HttpRequest, import_id: Id, payload: ApplyIn) -> Any:
    """Writes every change of a checked import without errors, once; ``confirm`` must be true."""
    people_import = _import(request, import_id)
    if not payload.confirm:
        raise ApiError(400, "Send confirm: true to apply the import.", field="confirm")
    people_import = services.import_request_apply(people_import=people_import)
    dispatch.import_dispatch(people_import=people_import)
    people_import.refresh_from_db()
    return people_import
