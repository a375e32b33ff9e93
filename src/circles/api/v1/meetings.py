"""Meetings of the circles whose content the caller reads: when, where, who holds which role,
who came. Moving, cancelling, declining, swapping roles and recording attendance act as the
caller, with the same rules as the meeting page."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from circles.growth.commitments import services as commitment_services
from circles.meetings.models import Attendance, Meeting
from circles.meetings.record.services import attendance_record
from circles.meetings.schedule import services
from circles.meetings.selectors import meetings_visible_to
from circles.orgs.models import Person

from .auth import caller
from .commitments import CommitmentOut
from .errors import ApiError, not_found
from .schemas import BigId, Day, Id, Moment, Page, Str500, answers

router = Router(tags=["meetings"])


class AttendanceOut(Schema):
    person_id: int
    full_name: str
    status: str

    @staticmethod
    def resolve_full_name(obj: Attendance) -> str:
        return obj.person.full_name


class MeetingOut(Schema):
    id: int
    circle_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    duration_minutes: int
    status: str
    location: str
    video_url: str
    planned_start: dt.datetime | None
    facilitator_id: int | None
    host_id: int | None
    note_taker_id: int | None
    case_giver_id: int | None
    sequence: int


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list[Attendance]:
        return list(obj.attendances.select_related("person").order_by("person__full_name", "pk"))


class MeetingFilters(Schema):
    circle_id: BigId | None = None
    status: Literal["scheduled", "held", "cancelled", ""] = ""
    starts_after: Moment | None = None
    starts_before: Moment | None = None


class MoveIn(Schema):
    starts_at: Moment


class CancelIn(Schema):
    reason: Str500 = Field("", description="Seen by the circle's members only.")


class DeclineIn(Schema):
    declining: bool = True


class RoleIn(Schema):
    role: Literal["facilitator", "host", "note_taker"]
    person_id: BigId


class AttendanceIn(Schema):
    attended: list[BigId] = Field(max_length=50, description="Who came; the others are absent.")


class CommitmentIn(Schema):
    owner_id: BigId
    action: Str500 = Field(min_length=1)
    due_on: Day


def _visible(request: HttpRequest) -> Any:
    person = caller(request).person
    return meetings_visible_to(person) if person is not None else Meeting.objects.none()


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = _visible(request).filter(pk=meeting_id).select_related("circle").first()
    if meeting is None:
        raise not_found()
    return meeting


def _acting(request: HttpRequest, meeting_id: int) -> tuple[Person, Meeting]:
    person = caller(request).require_person()
    return person, _meeting(request, meeting_id)


def _member(meeting: Meeting, person_id: int, field: str) -> Person:
    member = Person.objects.filter(
        pk=person_id,
        memberships__circle_id=meeting.circle_id,
        memberships__left_on__isnull=True,
    ).first()
    if member is None:
        raise ApiError(400, "Choose a member of the circle.", field=field)
    return member


@router.get("/meetings", response=answers(list[MeetingOut]), summary="List meetings")
@paginate(Page)
def meetings_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    meetings = _visible(request)
    if filters.circle_id is not None:
        meetings = meetings.filter(circle_id=filters.circle_id)
    if filters.status:
        meetings = meetings.filter(status=filters.status)
    if filters.starts_after is not None:
        meetings = meetings.filter(starts_at__gte=filters.starts_after)
    if filters.starts_before is not None:
        meetings = meetings.filter(starts_at__lt=filters.starts_before)
    return meetings.order_by("starts_at", "pk")


@router.get("/meetings/{meeting_id}", response=answers(MeetingDetailOut), summary="Read a meeting")
def meeting_read(request: HttpRequest, meeting_id: Id) -> Any:
    return _meeting(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/move", response=answers(MeetingDetailOut), summary="Move a meeting"
)
def meeting_move(request: HttpRequest, meeting_id: Id, payload: MoveIn) -> Any:
    person, meeting = _acting(request, meeting_id)
    return services.meeting_move(meeting=meeting, starts_at=payload.starts_at, moved_by=person)


@router.post(
    "/meetings/{meeting_id}/cancel", response=answers(MeetingDetailOut), summary="Cancel a meeting"
)
def meeting_cancel(request: HttpRequest, meeting_id: Id, payload: CancelIn) -> Any:
    """By its facilitator, host or note taker, before it starts."""
    person, meeting = _acting(request, meeting_id)
    return services.meeting_cancel(meeting=meeting, cancelled_by=person, reason=payload.reason)


@router.post(
    "/meetings/{meeting_id}/decline",
    response=answers(MeetingDetailOut),
    summary="Say one cannot come (or can after all)",
)
def meeting_decline(request: HttpRequest, meeting_id: Id, payload: DeclineIn) -> Any:
    person, meeting = _acting(request, meeting_id)
    return services.attendance_decline(meeting=meeting, person=person, declining=payload.declining)


@router.post(
    "/meetings/{meeting_id}/roles", response=answers(MeetingDetailOut), summary="Hand a role over"
)
def meeting_role(request: HttpRequest, meeting_id: Id, payload: RoleIn) -> Any:
    """By the role's holder or the member taking it; later meetings are re-planned."""
    person, meeting = _acting(request, meeting_id)
    to_person = _member(meeting, payload.person_id, "person_id")
    return services.role_swap(
        meeting=meeting, role=payload.role, to_person=to_person, swapped_by=person
    )


@router.post(
    "/meetings/{meeting_id}/attendance",
    response=answers(MeetingDetailOut),
    summary="Record who came",
)
def meeting_attendance(request: HttpRequest, meeting_id: Id, payload: AttendanceIn) -> Any:
    """Everyone else expected is marked absent, and the meeting counts as held."""
    person, meeting = _acting(request, meeting_id)
    attendance_record(meeting=meeting, recorded_by=person, attended_ids=set(payload.attended))
    meeting.refresh_from_db()
    return meeting


@router.get(
    "/meetings/{meeting_id}/commitments",
    response=answers(list[CommitmentOut]),
    summary="List the commitments made at a meeting",
)
@paginate(Page)
def meeting_commitments(request: HttpRequest, meeting_id: Id) -> Any:
    meeting = _meeting(request, meeting_id)
    return meeting.commitments.order_by("pk")


@router.post(
    "/meetings/{meeting_id}/commitments",
    response=answers(CommitmentOut, 201),
    summary="Record a commitment",
)
def meeting_commitment_create(request: HttpRequest, meeting_id: Id, payload: CommitmentIn) -> Any:
    person, meeting = _acting(request, meeting_id)
    owner = _member(meeting, payload.owner_id, "owner_id")
    commitment = commitment_services.commitment_create(
        meeting=meeting,
        owner=owner,
        recorded_by=person,
        action=payload.action,
        due_on=payload.due_on,
    )
    return Status(201, commitment)
