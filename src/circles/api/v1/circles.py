"""Circles and memberships: named to their members and to the programme's leads and admins;
a circle's open commitments only to its members who accepted its ground rules."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from circles.groups import services
from circles.groups.models import Circle, Membership
from circles.groups.selectors import circles_listed_for, circles_with_content_access
from circles.growth.commitments.selectors import circle_open_commitments
from circles.orgs.models import Person
from circles.orgs.selectors import programmes_visible_to

from .auth import caller
from .commitments import CommitmentOut
from .errors import ApiError, not_found
from .schemas import BigId, Clock, Id, Page, Str120, answers

router = Router(tags=["circles"])


class CircleOut(Schema):
    id: int
    programme_id: int
    name: str
    status: str
    time_zone: str
    cadence: str
    meeting_minutes: int
    rrule: str
    meeting_weekday: int | None
    meeting_time: Clock | None
    first_meeting_on: dt.date | None
    member_count: int


class MembershipOut(Schema):
    id: int
    person_id: int
    full_name: str
    role: str
    joined_on: dt.date
    ground_rules_accepted: bool

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_ground_rules_accepted(obj: Membership) -> bool:
        return obj.ground_rules_accepted_at is not None


class CircleFilters(Schema):
    programme_id: BigId | None = None
    status: Literal["forming", "active", "closed", ""] = ""
    q: Str120 = ""


class MemberIn(Schema):
    person_id: BigId


def _listed(request: HttpRequest) -> Any:
    return circles_listed_for(caller(request).viewer).annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__left_on__isnull=True), distinct=True
        )
    )


def _circle(request: HttpRequest, circle_id: int) -> Circle:
    circle = _listed(request).filter(pk=circle_id).first()
    if circle is None:
        raise not_found()
    return circle


def _stewarded(request: HttpRequest, circle_id: int) -> tuple[Person, Circle]:
    """A circle of a programme the caller leads or oversees, and the person acting on it."""
    found = caller(request)
    person = found.require_person()
    circle = (
        Circle.objects.filter(programme__in=programmes_visible_to(person), pk=circle_id)
        .select_related("programme")
        .first()
    )
    if circle is None:
        raise not_found()
    return person, circle


@router.get("/circles", response=answers(list[CircleOut]), summary="List circles")
@paginate(Page)
def circles_list(request: HttpRequest, filters: Query[CircleFilters]) -> Any:
    """The caller's own circles and, for leads and admins, those of their programmes."""
    circles = _listed(request)
    if filters.programme_id is not None:
        circles = circles.filter(programme_id=filters.programme_id)
    if filters.status:
        circles = circles.filter(status=filters.status)
    if filters.q:
        circles = circles.filter(name__icontains=filters.q)
    return circles.order_by("name", "pk")


@router.get("/circles/{circle_id}", response=answers(CircleOut), summary="Read a circle")
def circle_read(request: HttpRequest, circle_id: Id) -> Any:
    return _circle(request, circle_id)


@router.get(
    "/circles/{circle_id}/members",
    response=answers(list[MembershipOut]),
    summary="List a circle's members",
)
@paginate(Page)
def circle_members(request: HttpRequest, circle_id: Id) -> Any:
    circle = _circle(request, circle_id)
    return (
        Membership.objects.filter(circle=circle, left_on__isnull=True)
        .select_related("person")
        .order_by("joined_on", "person__full_name", "pk")
    )


@router.post(
    "/circles/{circle_id}/members",
    response=answers(MembershipOut, 201),
    summary="Add someone to a circle",
)
def circle_member_add(request: HttpRequest, circle_id: Id, payload: MemberIn) -> Any:
    """For the programme's leads and admins: the newcomer joins the upcoming meetings."""
    by, circle = _stewarded(request, circle_id)
    newcomer = Person.objects.filter(
        organisation_id=by.organisation_id, pk=payload.person_id
    ).first()
    if newcomer is None:
        raise ApiError(400, "No such person in the organisation.", field="person_id")
    membership = services.membership_add(circle=circle, person=newcomer, added_by=by)
    return Status(201, Membership.objects.select_related("person").get(pk=membership.pk))


@router.delete(
    "/circles/{circle_id}/members/{membership_id}",
    response=answers(MembershipOut),
    summary="Take someone out of a circle",
)
def circle_member_remove(request: HttpRequest, circle_id: Id, membership_id: Id) -> Any:
    by, circle = _stewarded(request, circle_id)
    membership = (
        Membership.objects.filter(circle=circle, left_on__isnull=True, pk=membership_id)
        .select_related("person", "circle")
        .first()
    )
    if membership is None:
        raise not_found()
    return services.membership_remove(membership=membership, removed_by=by)


@router.get(
    "/circles/{circle_id}/commitments",
    response=answers(list[CommitmentOut]),
    summary="List a circle's open commitments",
)
@paginate(Page)
def circle_commitments(request: HttpRequest, circle_id: Id) -> Any:
    """Members who accepted the ground rules only, as on the circle's commitments page."""
    person = caller(request).person
    circle = (
        circles_with_content_access(person).filter(pk=circle_id).first()
        if person is not None
        else None
    )
    if circle is None:
        raise not_found()
    return circle_open_commitments(circle)
