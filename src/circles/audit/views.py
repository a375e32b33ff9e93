"""The organisation's audit log, for its admins: filtered, paged, exported as CSV."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from circles.lib.http import current_person, person_required
from circles.lib.spreadsheet import inert_cell

from .forms import AuditFilterForm
from .models import Action, AuditEvent
from .selectors import audit_events, can_read_audit_log
from .services import audit_record

if TYPE_CHECKING:
    from circles.orgs.models import Person

PAGE_SIZE = 50
# The columns of the CSV export, read by people in a spreadsheet.
EXPORT_HEADER = [
    gettext_lazy("when (UTC)"),
    gettext_lazy("action"),
    gettext_lazy("done by"),
    gettext_lazy("kind of actor"),
    # Translators: the person an audit event is about.
    gettext_lazy("about"),
    gettext_lazy("summary"),
    gettext_lazy("object"),
    gettext_lazy("details"),
    # Translators: the network (IP) address the action came from.
    gettext_lazy("address"),
]


def _admin(request: HttpRequest) -> Person:
    viewer = current_person(request)
    if not can_read_audit_log(viewer):
        raise Http404("No such page.")
    return viewer


def _form(request: HttpRequest) -> AuditFilterForm:
    form = AuditFilterForm(request.GET if request.GET else None)
    form.is_valid()
    return form


@require_GET
@person_required
def audit_log(request: HttpRequest) -> HttpResponse:
    viewer = _admin(request)
    form = _form(request)
    events = audit_events(viewer, form.filters()).select_related("target_person")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(events: Iterator[AuditEvent]) -> Iterator[list[str]]:
    yield [str(column) for column in EXPORT_HEADER]
    for event in events:
        yield [
            event.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            event.get_action_display(),
            inert_cell(event.actor_label),
            event.get_actor_kind_display(),
            inert_cell(event.target_label),
            inert_cell(event.summary),
            f"{event.object_type} {event.object_id}".strip(),
            inert_cell(str(event.details) if event.details else ""),
            event.ip or "",
        ]


# A streamed response is not an HttpResponse, which person_required's type asks for.
@require_GET  # type: ignore[type-var]
@person_required
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered log as CSV, streamed; the export itself goes into the log first."""
    viewer = _admin(request)
    form = _form(request)
    if form.errors:
        return HttpResponse(_("Some filters were not understood: fix them first."), status=400)
    filters = form.filters()
    events = audit_events(viewer, filters)
    audit_record(
        organisation_id=viewer.organisation_id,
        action=Action.AUDIT_EXPORTED,
        summary="Exported the audit log as CSV",
        details={
            "filters": {k: str(v) for k, v in vars(filters).items() if v},
            "events": events.count(),
        },
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _rows(events.iterator(chunk_size=2000))),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
