"""Outcome figures: a programme's for its leads and admins, a circle's for its members, each
suppressed below the organisation's threshold exactly as the dashboard pages show them."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from collections.abc import Hashable
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from circles.insights.cells import CIRCLE, DEPARTMENT
from circles.insights.metrics import Metric
from circles.insights.selectors import (
    Dashboard,
    Shown,
    circle_dashboard,
    health_circle,
    programme_dashboard,
)

from .auth import caller
from .errors import not_found
from .programmes import managed_programme
from .schemas import Id, Page, answers

router = Router(tags=["dashboards"])

RangeKey = Literal["all", "6m", "3m"]


class FigureOut(Schema):
    metric: str
    label: str
    text: str
    value: float | None
    people: int | None
    state: Literal["shown", "suppressed", "empty"]


class MonthOut(Schema):
    month: dt.date
    figures: list[FigureOut]


class DashboardOut(Schema):
    title: str
    threshold: int
    range: str
    today: dt.date
    headline: list[FigureOut]
    months: list[MonthOut]


class RowOut(Schema):
    key: str
    label: str
    figures: list[FigureOut]


class RangeQuery(Schema):
    range: RangeKey = "all"


def _figure(metric: Metric, shown: Shown) -> dict[str, Any]:
    return {
        "metric": metric.key,
        "label": metric.label,
        "text": shown.text,
        "value": shown.value,
        "people": shown.people,
        "state": shown.state,
    }


def _out(dashboard: Dashboard) -> dict[str, Any]:
    by_month: dict[dt.date, list[dict[str, Any]]] = {}
    for metric, points in dashboard.series():
        for month, shown in points:
            by_month.setdefault(month, []).append(_figure(metric, shown))
    return {
        "title": dashboard.title,
        "threshold": dashboard.threshold,
        "range": dashboard.time_range.key,
        "today": dashboard.today,
        "headline": [_figure(metric, shown) for metric, shown in dashboard.headline()],
        "months": [{"month": m, "figures": f} for m, f in sorted(by_month.items())],
    }


def _rows(
    dashboard: Dashboard, dimension: str, table: list[tuple[Hashable, list[tuple[Metric, Shown]]]]
) -> list[dict[str, Any]]:
    return [
        {
            "key": str(key),
            "label": dashboard.label(dimension, key),
            "figures": [_figure(metric, shown) for metric, shown in cells],
        }
        for key, cells in table
    ]


def _programme(request: HttpRequest, programme_id: int, range_key: str) -> Dashboard:
    programme = managed_programme(request, programme_id)
    # What the viewer knows as a member of the programme's circles counts in the suppression,
    # as on the page; a service token knows no circle.
    # An API client gets the figures, computed here when none are stored yet.
    return programme_dashboard(
        programme, viewer=caller(request).person, range_key=range_key, wait=True
    )


@router.get(
    "/programmes/{programme_id}/dashboard",
    response=answers(DashboardOut),
    summary="A programme's outcomes",
)
def programme_figures(request: HttpRequest, programme_id: Id, query: Query[RangeQuery]) -> Any:
    """Every metric for the range and by month; a figure over too few people is suppressed."""
    return _out(_programme(request, programme_id, query.range))


@router.get(
    "/programmes/{programme_id}/dashboard/departments",
    response=answers(list[RowOut]),
    summary="A programme's outcomes by department",
)
@paginate(Page)
def programme_departments(request: HttpRequest, programme_id: Id, query: Query[RangeQuery]) -> Any:
    dashboard = _programme(request, programme_id, query.range)
    return _rows(dashboard, DEPARTMENT, dashboard.departments())


@router.get(
    "/programmes/{programme_id}/dashboard/circles",
    response=answers(list[RowOut]),
    summary="A programme's outcomes by circle",
)
@paginate(Page)
def programme_circle_figures(
    request: HttpRequest, programme_id: Id, query: Query[RangeQuery]
) -> Any:
    dashboard = _programme(request, programme_id, query.range)
    return _rows(dashboard, CIRCLE, dashboard.circles())


@router.get(
    "/circles/{circle_id}/dashboard", response=answers(DashboardOut), summary="A circle's health"
)
def circle_figures(request: HttpRequest, circle_id: Id, query: Query[RangeQuery]) -> Any:
    """For the circle's members who accepted its ground rules, as on its health page."""
    person = caller(request).person
    circle = health_circle(person, circle_id) if person is not None else None
    if circle is None:
        raise not_found()
    return _out(circle_dashboard(circle, range_key=query.range))
