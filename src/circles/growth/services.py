"""Writes about commitments and their follow-ups."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.meetings.models import Case, Meeting
from circles.orgs.models import Person

from .models import Commitment, FollowUp, Outcome


def _is_member(meeting: Meeting, person: Person) -> bool:
    return Membership.objects.filter(
        circle_id=meeting.circle_id, person=person, left_on__isnull=True
    ).exists()


@transaction.atomic
def commitment_create(
    *,
    meeting: Meeting,
    owner: Person,
    recorded_by: Person,
    action: str,
    due_on: dt.date,
    case: Case | None = None,
) -> Commitment:
    if not _is_member(meeting, recorded_by):
        raise DomainError("Only members of the circle can record commitments.")
    if not _is_member(meeting, owner):
        raise DomainError("The owner must be a member of the circle.", field="owner")
    if not action.strip():
        raise DomainError("Say what the next step is.", field="action")
    if due_on < meeting.local_start.date():
        raise DomainError("The due date cannot be before the meeting.", field="due_on")
    if case is not None and case.meeting_id != meeting.pk:
        raise DomainError("The case must belong to this meeting.", field="case")
    return Commitment.objects.create(
        organisation_id=meeting.organisation_id,
        circle_id=meeting.circle_id,
        owner=owner,
        made_at=meeting,
        case=case,
        action=action.strip(),
        due_on=due_on,
    )


@transaction.atomic
def commitment_follow_up(
    *,
    commitment: Commitment,
    recorded_by: Person,
    outcome: str,
    reflection: str = "",
    meeting: Meeting | None = None,
) -> FollowUp:
    """Record how a commitment went; its status becomes the outcome of this latest follow-up."""
    if outcome not in Outcome.values:
        raise DomainError("Choose done, partly, not done or dropped.", field="outcome")
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if meeting is not None and meeting.circle_id != locked.circle_id:
        raise DomainError("The follow-up must happen in the commitment's own circle.")
    is_member = Membership.objects.filter(
        circle_id=locked.circle_id, person=recorded_by, left_on__isnull=True
    ).exists()
    if not is_member:
        raise DomainError("Only members of the circle can record follow-ups.")
    follow_up = FollowUp.objects.create(
        commitment=locked,
        meeting=meeting,
        outcome=outcome,
        reflection=reflection.strip(),
        recorded_by=recorded_by,
    )
    locked.status = outcome
    locked.save(update_fields=["status"])
    commitment.status = outcome
    return follow_up
