"""Writes about commitments: making them, following them up, check-ins, learning transfer."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.groups.models import Membership
from circles.growth.models import (
    Commitment,
    CommitmentCheckIn,
    FollowUp,
    Goal,
    LearningTransferCheck,
    Outcome,
)
from circles.lib import events
from circles.lib.bounds import require_date_within
from circles.lib.errors import DomainError
from circles.meetings.models import Case, Meeting
from circles.orgs.models import Person

# A next step is weeks away, not years: a due date further out is a typo.
COMMITMENT_HORIZON = dt.timedelta(days=731)


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
    goal: Goal | None = None,
) -> Commitment:
    if not _is_member(meeting, recorded_by):
        raise DomainError(_("Only members of the circle can record commitments."))
    if not _is_member(meeting, owner):
        raise DomainError(_("The owner must be a member of the circle."), field="owner")
    if not action.strip():
        raise DomainError(_("Say what the next step is."), field="action")
    if due_on < meeting.local_start.date():
        raise DomainError(_("The due date cannot be before the meeting."), field="due_on")
    require_date_within(
        due_on, high=meeting.local_start.date() + COMMITMENT_HORIZON, field="due_on"
    )
    if case is not None and case.meeting_id != meeting.pk:
        raise DomainError(_("The case must belong to this meeting."), field="case")
    if goal is not None and goal.plan.owner_id != owner.pk:
        raise DomainError(_("The goal must be one of the owner's own goals."), field="goal")
    return Commitment.objects.create(
        organisation_id=meeting.organisation_id,
        circle_id=meeting.circle_id,
        owner=owner,
        made_at=meeting,
        case=case,
        goal=goal,
        action=action.strip(),
        due_on=due_on,
    )


def may_change_commitment(commitment: Commitment, person: Person) -> bool:
    return commitment.owner_id == person.pk


def _own_open_commitment_at_meeting(commitment: Commitment, person: Person) -> Commitment:
    locked = Commitment.objects.select_for_update().select_related("made_at").get(pk=commitment.pk)
    if locked.owner_id != person.pk or not _is_member(locked.made_at, person):
        raise DomainError(_("Only the commitment's owner can change it."))
    return locked


@transaction.atomic
def commitment_edit(
    *, commitment: Commitment, by: Person, action: str, due_on: dt.date
) -> Commitment:
    """The owner rewords their commitment or moves its date; the circle sees it was edited."""
    locked = _own_open_commitment_at_meeting(commitment, by)
    if locked.status != Commitment.Status.OPEN:
        raise DomainError(_("A commitment that was followed up can no longer be changed."))
    action = action.strip()
    if not action:
        raise DomainError(_("Say what the next step is."), field="action")
    meeting_day = locked.made_at.local_start.date()
    if due_on < meeting_day:
        raise DomainError(_("The due date cannot be before the meeting."), field="due_on")
    require_date_within(due_on, high=meeting_day + COMMITMENT_HORIZON, field="due_on")
    if (action, due_on) != (locked.action, locked.due_on):
        locked.action, locked.due_on = action, due_on
        locked.edited_at = timezone.now()
        locked.save(update_fields=["action", "due_on", "edited_at"])
    return locked


@transaction.atomic
def commitment_delete(*, commitment: Commitment, by: Person) -> None:
    """The owner takes back a commitment made by mistake, before anyone followed it up."""
    locked = _own_open_commitment_at_meeting(commitment, by)
    if FollowUp.objects.filter(commitment=locked).exists():
        raise DomainError(
            _("This commitment was followed up already: close it as dropped instead.")
        )
    locked.delete()


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
        raise DomainError(_("Choose done, partly, not done or dropped."), field="outcome")
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if meeting is not None and meeting.circle_id != locked.circle_id:
        raise DomainError(_("The follow-up must happen in the commitment's own circle."))
    is_member = Membership.objects.filter(
        circle_id=locked.circle_id, person=recorded_by, left_on__isnull=True
    ).exists()
    if not is_member:
        raise DomainError(_("Only members of the circle can record follow-ups."))
    follow_up = FollowUp.objects.create(
        commitment=locked,
        meeting=meeting,
        outcome=outcome,
        reflection=reflection.strip(),
        recorded_by=recorded_by,
    )
    was_open = locked.status == Commitment.Status.OPEN
    locked.status = outcome
    locked.save(update_fields=["status"])
    commitment.status = outcome
    if was_open:
        events.publish([events.commitment_closed(locked, outcome)])
    if outcome in TRANSFER_CHECKED_OUTCOMES:
        transfer_check_schedule(commitment=locked)
    return follow_up


# A dropped commitment was given up on purpose: asking whether it was applied would be noise.
TRANSFER_CHECKED_OUTCOMES = frozenset({Outcome.DONE, Outcome.PARTLY, Outcome.NOT_DONE})


def transfer_check_schedule(*, commitment: Commitment) -> LearningTransferCheck:
    """Ask the owner, some weeks after closing, whether they applied what they learned.

    At most one check per commitment: a follow-up recorded again keeps the first due date.
    """
    due_on = timezone.localdate() + dt.timedelta(days=settings.CIRCLES_TRANSFER_CHECK_DAYS)
    check, _created = LearningTransferCheck.objects.get_or_create(
        commitment=commitment,
        defaults={
            "organisation_id": commitment.organisation_id,
            "owner_id": commitment.owner_id,
            "due_on": due_on,
        },
    )
    return check


def _own_open_commitment(commitment: Commitment, person: Person) -> Commitment:
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.owner_id != person.pk:
        raise DomainError(_("Only the owner of a commitment can do this."))
    if not Membership.objects.filter(
        circle_id=locked.circle_id, person=person, left_on__isnull=True
    ).exists():
        raise DomainError(_("You are no longer in this commitment's circle."))
    if locked.status != Commitment.Status.OPEN:
        raise DomainError(_("This commitment is closed: its follow-up was recorded."))
    return locked


@transaction.atomic
def check_in_record(
    *,
    commitment: Commitment,
    author: Person,
    update: str = "",
    percent: int | None = None,
    state: str = "",
) -> CommitmentCheckIn:
    """Progress between meetings, told by the owner: a percentage, a state, or both."""
    locked = _own_open_commitment(commitment, author)
    if percent is None and not state:
        raise DomainError(_("Give a percentage or say how it is going."), field="percent")
    if percent is not None and not 0 <= percent <= 100:
        raise DomainError(_("The percentage is between 0 and 100."), field="percent")
    if state and state not in CommitmentCheckIn.State.values:
        raise DomainError(_("Choose one of the states offered."), field="state")
    update = update.strip()
    if len(update) > CHECK_IN_MAX_CHARS:
        raise DomainError(
            _("Keep the update under %(count)s characters.") % {"count": CHECK_IN_MAX_CHARS},
            field="update",
        )
    return CommitmentCheckIn.objects.create(
        commitment=locked, author=author, update=update, percent=percent, state=state
    )


CHECK_IN_MAX_CHARS = 1000


@transaction.atomic
def commitment_link_goal(*, commitment: Commitment, owner: Person, goal: Goal | None) -> None:
    locked = _own_open_commitment(commitment, owner)
    if goal is not None and goal.plan.owner_id != owner.pk:
        raise DomainError(_("Choose one of your own goals."), field="goal")
    locked.goal = goal
    locked.save(update_fields=["goal"])
    commitment.goal = goal


@transaction.atomic
def transfer_check_answer(
    *, check: LearningTransferCheck, owner: Person, applied: bool, how: str = "", effect: str = ""
) -> LearningTransferCheck:
    locked = LearningTransferCheck.objects.select_for_update().get(pk=check.pk)
    if locked.owner_id != owner.pk:
        raise DomainError(_("Only the owner of the commitment can answer this check."))
    if locked.answered_at is not None:
        raise DomainError(_("This check was already answered."))
    locked.applied = applied
    locked.how = how.strip()
    locked.effect = effect.strip()
    locked.answered_at = timezone.now()
    locked.save(update_fields=["applied", "how", "effect", "answered_at"])
    return locked
