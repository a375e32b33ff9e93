"""Pages of the people import, for organisation admins: upload, map, watch, preview, apply."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import PeopleImport, Person

from . import dispatch, services
from .forms import FullSyncForm, MappingForm, UploadForm
from .mapping import FIELDS
from .reading import encoding_label
from .selectors import (
    COUNT_KEYS,
    LISTS,
    can_import_people,
    default_list,
    import_changes,
    import_errors,
    imports_of,
    recent_imports,
)

Status = PeopleImport.Status
PAGE_SIZE = 50
WORKING = {Status.QUEUED, Status.PREVIEWING, Status.APPLYING}


def _admin(request: HttpRequest) -> Person:
    person = current_person(request)
    if not can_import_people(person):
        raise Http404("No such page.")
    return person


def _import(person: Person, import_id: int) -> PeopleImport:
    people_import = imports_of(person).filter(pk=import_id).first()
    if people_import is None:
        raise Http404("No such import.")
    return people_import


@require_http_methods(["GET", "POST"])
@person_required
def people_import(request: HttpRequest) -> HttpResponse:
    person = _admin(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.import_upload(
                organisation=person.organisation,
                uploaded_by=person,
                filename=upload.name or "upload",
                content=upload.read(),
                full_sync=form.cleaned_data["full_sync"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            dispatch.import_dispatch(people_import=created)
            return redirect("people_import_detail", import_id=created.pk)
    return render(
        request,
        "orgs/import/upload.html",
        {"form": form, "imports": recent_imports(person)},
        status=400 if request.method == "POST" else 200,
    )


def _mapping_form(people_import: PeopleImport, data: QueryDict | None = None) -> MappingForm:
    table = services.import_table(people_import)
    mapping = dict(people_import.mapping)
    if data is not None:
        # The offices come from the column chosen in this very form, if it changed.
        chosen = data.get("map_location", mapping.get("location", ""))
        if chosen in people_import.headers:
            mapping["location"] = chosen
        elif not chosen:
            mapping.pop("location", None)
    offices = services.locations_without_zone(table, mapping)
    return MappingForm(
        data,
        headers=list(people_import.headers),
        mapping=dict(people_import.mapping),
        defaults=dict(people_import.defaults),
        offices=offices[:200],
        examples=services.column_examples(table),
    )


@require_http_methods(["GET", "POST"])
@person_required
def people_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    person = _admin(request)
    people_import = _import(person, import_id)
    editing = people_import.status == Status.NEEDS_MAPPING or (
        request.GET.get("step") == "mapping" and people_import.status in services.EDITABLE
    )
    context: dict[str, object] = {"import": people_import, "fields": FIELDS}
    status = 200
    if request.method == "POST":
        if people_import.status not in services.EDITABLE:
            messages.error(request, _("This import can no longer be changed."))
            return redirect("people_import_detail", import_id=people_import.pk)
        # Built from the location column chosen in this post: a changed column shows its own
        # offices, and the service refuses until each has a zone.
        form = _mapping_form(people_import, request.POST)
        if form.is_valid():
            try:
                services.import_set_mapping(
                    people_import=people_import,
                    mapping=form.mapping(),
                    defaults=form.defaults(),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                dispatch.import_dispatch(people_import=people_import)
                return redirect("people_import_detail", import_id=people_import.pk)
        context["mapping_form"] = form
        status = 400
        editing = True
    elif editing:
        context["mapping_form"] = _mapping_form(people_import)
    context["editing"] = editing
    if editing:
        context["time_zones"] = sorted(zoneinfo.available_timezones())
    elif people_import.status in {Status.PREVIEWED, Status.INVALID, Status.APPLIED}:
        context.update(_preview_context(request, people_import))
    context["encoding"] = encoding_label(people_import.encoding) if people_import.encoding else ""
    context["working"] = people_import.status in WORKING
    return render(request, "orgs/import/detail.html", context, status=status)


def _preview_context(request: HttpRequest, people_import: PeopleImport) -> dict[str, object]:
    shown = request.GET.get("show", "")
    if shown not in LISTS:
        shown = default_list(people_import)
    rows: QuerySet[Any] = (
        import_errors(people_import) if shown == "errors" else import_changes(people_import, shown)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = people_import.summary
    tabs = [
        {"key": key, "label": label, "count": summary.get(COUNT_KEYS[key], 0)}
        for key, label in LISTS.items()
        if key != "errors" or summary.get("errors")
    ]
    if people_import.status == Status.INVALID:
        tabs = [tab for tab in tabs if tab["key"] == "errors"]
    return {
        "shown": shown,
        "page": page,
        "tabs": tabs,
        "full_sync_form": FullSyncForm(initial={"full_sync": people_import.full_sync}),
        "mapped": [(FIELDS[name], header) for name, header in people_import.mapping.items()],
    }


@require_GET
@person_required
def people_import_status(request: HttpRequest, import_id: int) -> JsonResponse:
    person = _admin(request)
    people_import = _import(person, import_id)
    return JsonResponse(
        {
            "status": people_import.status,
            "label": people_import.phase or str(people_import.get_status_display()),
            "progress": round(people_import.progress, 3),
            "finished": people_import.status not in WORKING,
            "message": people_import.message,
        }
    )


@require_POST
@person_required
def people_import_apply(request: HttpRequest, import_id: int) -> HttpResponse:
    person = _admin(request)
    people_import = _import(person, import_id)
    try:
        people_import = services.import_request_apply(people_import=people_import)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        dispatch.import_dispatch(people_import=people_import)
        if people_import.status == Status.APPLIED:
            messages.success(request, pgettext("people import status", "Applied."))
    return redirect("people_import_detail", import_id=people_import.pk)


@require_POST
@person_required
def people_import_full_sync(request: HttpRequest, import_id: int) -> HttpResponse:
    person = _admin(request)
    people_import = _import(person, import_id)
    form = FullSyncForm(request.POST)
    form.is_valid()
    try:
        services.import_set_full_sync(
            people_import=people_import, full_sync=bool(form.cleaned_data.get("full_sync"))
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        dispatch.import_dispatch(people_import=people_import)
    return redirect("people_import_detail", import_id=people_import.pk)


@require_GET
@person_required
def people_import_errors(request: HttpRequest, import_id: int) -> HttpResponse:
    person = _admin(request)
    people_import = _import(person, import_id)
    response = HttpResponse(
        services.import_errors_csv(people_import), content_type="text/csv; charset=utf-8"
    )
    stem = people_import.filename.rsplit(".", 1)[0] or "import"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)[:80]
    response["Content-Disposition"] = f'attachment; filename="{safe}-errors.csv"'
    return response
