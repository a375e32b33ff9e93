"""Programmes and their circles, for their leads and the organisation's admins: no content."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from circles.groups.models import Circle, Membership
from circles.lib.counts import count_of
from circles.meetings.selectors import with_meetings_held
from circles.orgs.models import Programme
from circles.orgs.selectors import can_manage_programmes, programme_list, programmes_visible_to

from .auth import caller
from .errors import not_found
from .schemas import Id, Page, Str120, answers

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    purpose: str
    objective: str
    cadence: str
    meeting_minutes: int
    min_circle_size: int
    max_circle_size: int
    cycle_weeks: int
    starts_on: dt.date | None
    created_at: dt.datetime
    circle_count: int
    member_count: int


class ProgrammeCircleOut(Schema):
    id: int
    name: str
    status: str
    time_zone: str
    cadence: str
    meeting_minutes: int
    member_count: int
    meetings_held: int


class ProgrammeFilters(Schema):
    kind: Literal["pilot", "rolling", ""] = ""
    q: Str120 = ""


class ProgrammeCircleFilters(Schema):
    status: Literal["forming", "active", "closed", ""] = ""
    q: Str120 = ""


def managed_programme(request: HttpRequest, programme_id: int) -> Programme:
    """A programme the caller leads or, as an admin, oversees; 404 otherwise, as on the pages."""
    programme = (
        programmes_visible_to(caller(request).viewer)
        .select_related("organisation")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise not_found()
    return programme


@router.get("/programmes", response=answers(list[ProgrammeOut]), summary="List programmes")
@paginate(Page)
def programmes_list(request: HttpRequest, filters: Query[ProgrammeFilters]) -> Any:
    viewer = caller(request).viewer
    if not can_manage_programmes(viewer):
        raise not_found()
    programmes = programme_list(viewer)
    if filters.kind:
        programmes = programmes.filter(kind=filters.kind)
    if filters.q:
        programmes = programmes.filter(name__icontains=filters.q)
    return programmes


@router.get(
    "/programmes/{programme_id}", response=answers(ProgrammeOut), summary="Read a programme"
)
def programme_read(request: HttpRequest, programme_id: Id) -> Any:
    viewer = caller(request).viewer
    found = programme_list(viewer).filter(pk=programme_id).first()
    if found is None:
        raise not_found()
    return found


@router.get(
    "/programmes/{programme_id}/circles",
    response=answers(list[ProgrammeCircleOut]),
    summary="List a programme's circles",
)
@paginate(Page)
def programme_circles(
    request: HttpRequest, programme_id: Id, filters: Query[ProgrammeCircleFilters]
) -> Any:
    """Names, sizes and how many meetings each held: never what was said in them."""
    programme = managed_programme(request, programme_id)
    circles = with_meetings_held(Circle.objects.filter(programme=programme)).annotate(
        member_count=count_of(Membership.objects.filter(left_on__isnull=True), of="circle"),
    )
    if filters.status:
        circles = circles.filter(status=filters.status)
    if filters.q:
        circles = circles.filter(name__icontains=filters.q)
    return circles.order_by("name", "pk")
