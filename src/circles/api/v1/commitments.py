"""Commitments and their follow-ups: readable by the circle's members who accepted its ground
rules (the owner among them), as the meeting and circle pages show them; check-ins by the owner."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from circles.growth.commitments import services
from circles.growth.commitments.selectors import commitments_readable_by
from circles.growth.models import Commitment, CommitmentCheckIn, FollowUp, Outcome
from circles.orgs.models import Person

from .auth import caller
from .errors import not_found
from .schemas import BigId, Day, Id, Page, Str500, answers

router = Router(tags=["commitments"])


class CommitmentOut(Schema):
    id: int
    circle_id: int
    owner_id: int
    meeting_id: int = Field(description="The meeting it was made at.")
    goal_id: int | None
    action: str
    due_on: dt.date
    status: str
    created_at: dt.datetime
    edited_at: dt.datetime | None

    @staticmethod
    def resolve_meeting_id(obj: Commitment) -> int:
        return obj.made_at_id


class FollowUpOut(Schema):
    id: int
    commitment_id: int
    meeting_id: int | None
    outcome: str
    reflection: str
    recorded_by_id: int | None
    created_at: dt.datetime


class CheckInOut(Schema):
    id: int
    commitment_id: int
    author_id: int
    update: str
    percent: int | None
    state: str
    created_at: dt.datetime


class CommitmentFilters(Schema):
    status: Literal["open", "done", "partly", "not_done", "dropped", ""] = ""
    circle_id: BigId | None = None
    owner_id: BigId | None = None
    mine: bool = Field(False, description="Only the caller's own commitments.")
    due_from: Day | None = None
    due_to: Day | None = None


class FollowUpIn(Schema):
    outcome: Literal["done", "partly", "not_done", "dropped"]
    reflection: Str500 = ""


class CheckInIn(Schema):
    percent: int | None = Field(None, ge=0, le=100)
    state: Literal["not_started", "on_track", "stuck", "done", ""] = ""
    update: Str500 = ""


def _reader(request: HttpRequest) -> Person | None:
    return caller(request).person


def _readable(request: HttpRequest) -> Any:
    person = _reader(request)
    return commitments_readable_by(person) if person is not None else Commitment.objects.none()


def _commitment(request: HttpRequest, commitment_id: int) -> Commitment:
    commitment = _readable(request).filter(pk=commitment_id).first()
    if commitment is None:
        raise not_found()
    return commitment


@router.get("/commitments", response=answers(list[CommitmentOut]), summary="List commitments")
@paginate(Page)
def commitments_list(request: HttpRequest, filters: Query[CommitmentFilters]) -> Any:
    """Commitments of the circles whose content the caller reads; ``mine`` for their own."""
    commitments = _readable(request)
    if filters.mine:
        commitments = commitments.filter(owner_id=caller(request).viewer.pk)
    if filters.status:
        commitments = commitments.filter(status=filters.status)
    if filters.circle_id is not None:
        commitments = commitments.filter(circle_id=filters.circle_id)
    if filters.owner_id is not None:
        commitments = commitments.filter(owner_id=filters.owner_id)
    if filters.due_from is not None:
        commitments = commitments.filter(due_on__gte=filters.due_from)
    if filters.due_to is not None:
        commitments = commitments.filter(due_on__lte=filters.due_to)
    return commitments.order_by("due_on", "pk")


@router.get(
    "/commitments/{commitment_id}", response=answers(CommitmentOut), summary="Read a commitment"
)
def commitment_read(request: HttpRequest, commitment_id: Id) -> Any:
    return _commitment(request, commitment_id)


@router.get(
    "/commitments/{commitment_id}/follow-ups",
    response=answers(list[FollowUpOut]),
    summary="List a commitment's follow-ups",
)
@paginate(Page)
def follow_ups_list(request: HttpRequest, commitment_id: Id) -> Any:
    commitment = _commitment(request, commitment_id)
    return FollowUp.objects.filter(commitment=commitment).order_by("created_at", "pk")


@router.post(
    "/commitments/{commitment_id}/follow-ups",
    response=answers(FollowUpOut, 201),
    summary="Follow a commitment up",
)
def follow_up_record(request: HttpRequest, commitment_id: Id, payload: FollowUpIn) -> Any:
    """How it went: the commitment closes with this outcome. Members of its circle."""
    person = caller(request).require_person()
    commitment = _commitment(request, commitment_id)
    follow_up = services.commitment_follow_up(
        commitment=commitment,
        recorded_by=person,
        outcome=Outcome(payload.outcome),
        reflection=payload.reflection,
    )
    return Status(201, follow_up)


@router.get(
    "/commitments/{commitment_id}/check-ins",
    response=answers(list[CheckInOut]),
    summary="List a commitment's check-ins",
)
@paginate(Page)
def check_ins_list(request: HttpRequest, commitment_id: Id) -> Any:
    commitment = _commitment(request, commitment_id)
    return CommitmentCheckIn.objects.filter(commitment=commitment).order_by("-created_at", "-pk")


@router.post(
    "/commitments/{commitment_id}/check-ins",
    response=answers(CheckInOut, 201),
    summary="Check in on one's own commitment",
)
def check_in_create(request: HttpRequest, commitment_id: Id, payload: CheckInIn) -> Any:
    """Progress between meetings, by the owner of an open commitment."""
    person = caller(request).require_person()
    commitment = _commitment(request, commitment_id)
    check_in = services.check_in_record(
        commitment=commitment,
        author=person,
        update=payload.update,
        percent=payload.percent,
        state=payload.state,
    )
    return Status(201, check_in)
