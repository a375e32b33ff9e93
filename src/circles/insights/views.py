"""Dashboards: a programme's outcomes for leads and admins, a circle's health for members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.feedback.selectors import rating_comments_for_members
from circles.groups.selectors import circles_with_content_access
from circles.languages import formats
from circles.lib.http import current_person, person_required
from circles.orgs.models import Programme
from circles.orgs.selectors import can_manage_programmes, programmes_visible_to

from . import exports, metrics
from .cells import CIRCLE, RANGES
from .charts import Point, line_chart
from .selectors import Dashboard, circle_dashboard, programme_dashboard

CIRCLES_PER_PAGE = 50


def _charts(dashboard: Dashboard) -> list[dict[str, Any]]:
    charts = []
    for metric, points in dashboard.series():
        if metric.kind == metrics.RATE:
            low, high, ticks = 0.0, 100.0, [0.0, 25.0, 50.0, 75.0, 100.0]
            tick_label: Callable[[float], str] = formats.format_local_percent
        else:
            low, high, ticks = 1.0, 5.0, [1.0, 2.0, 3.0, 4.0, 5.0]
            tick_label = formats.format_local_number
        svg = line_chart(
            [
                Point(formats.format_local_date(month, "yMMM"), shown.value)
                for month, shown in points
            ],
            low=low,
            high=high,
            tick_label=tick_label,
            title=_("%(metric)s by month") % {"metric": metric.local_label},
            ticks=ticks,
        )
        charts.append({"metric": metric, "svg": svg, "points": points})
    return charts


def _context(dashboard: Dashboard, **extra: Any) -> dict[str, Any]:
    return {
        "dashboard": dashboard,
        "headline": dashboard.headline(),
        "charts": _charts(dashboard),
        "metrics": metrics.METRICS,
        "ranges": RANGES,
        **extra,
    }


@require_GET
@person_required
def index(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    circles = list(circles_with_content_access(person).select_related("programme").order_by("name"))
    programmes = (
        list(programmes_visible_to(person).order_by("name", "pk")[:100])
        if can_manage_programmes(person)
        else []
    )
    return render(request, "insights/index.html", {"circles": circles, "programmes": programmes})


def _visible_programme(request: HttpRequest, programme_id: int) -> Programme:
    person = current_person(request)
    programme = (
        programmes_visible_to(person).select_related("organisation").filter(pk=programme_id).first()
    )
    if programme is None:
        raise Http404("No such programme.")
    return programme


def _programme(request: HttpRequest, programme_id: int) -> Dashboard:
    programme = _visible_programme(request, programme_id)
    return programme_dashboard(
        programme, viewer=current_person(request), range_key=request.GET.get("range")
    )


@require_GET
@person_required
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    dashboard = _programme(request, programme_id)
    # A large programme has more circles than a page can read: the export has them all.
    circles_page = Paginator(dashboard.keys(CIRCLE), CIRCLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "insights/programme.html",
        _context(
            dashboard,
            programme_id=programme_id,
            max_age_minutes=settings.CIRCLES_DASHBOARD_MAX_AGE_MINUTES,
            departments=dashboard.departments(),
            circles=dashboard.rows(CIRCLE, circles_page.object_list),
            circles_page=circles_page,
        ),
    )


@require_GET
@person_required
def programme_export(request: HttpRequest, programme_id: int, fmt: str) -> HttpResponse:
    programme = _visible_programme(request, programme_id)
    # A download waits for the figures rather than handing over an empty file.
    dashboard = programme_dashboard(
        programme, viewer=current_person(request), range_key=request.GET.get("range"), wait=True
    )
    name = f"{slugify(dashboard.title)}-{dashboard.time_range.key}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(dashboard), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(dashboard),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Unknown format.")
    audit_record(
        organisation_id=programme.organisation_id,
        action=Action.DASHBOARD_EXPORTED,
        object_type="programme",
        object_id=programme.pk,
        summary=f"Exported {programme.name} as {fmt.upper()} ({dashboard.time_range.key})",
        details={"format": fmt, "range": dashboard.time_range.key},
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
@person_required
def circle_health(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = (
        circles_with_content_access(person)
        .select_related("programme__organisation")
        .filter(pk=circle_id)
        .first()
    )
    if circle is None:
        raise Http404("No such circle.")
    dashboard = circle_dashboard(circle, range_key=request.GET.get("range"))
    return render(
        request,
        "insights/circle.html",
        _context(dashboard, circle=circle, comments=rating_comments_for_members(circle)),
    )
