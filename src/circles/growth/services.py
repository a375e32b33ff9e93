"""Writes about commitments and their follow-ups."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.meetings.models import Case, Meeting
from circles.orgs.models import Person

from .models import (
    Commitment,
    CommitmentCheckIn,
    DevelopmentPlan,
    FollowUp,
    Goal,
    LearningTransferCheck,
    ManagerShare,
    Outcome,
)


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
        raise DomainError("Only members of the circle can record commitments.")
    if not _is_member(meeting, owner):
        raise DomainError("The owner must be a member of the circle.", field="owner")
    if not action.strip():
        raise DomainError("Say what the next step is.", field="action")
    if due_on < meeting.local_start.date():
        raise DomainError("The due date cannot be before the meeting.", field="due_on")
    if case is not None and case.meeting_id != meeting.pk:
        raise DomainError("The case must belong to this meeting.", field="case")
    if goal is not None and goal.plan.owner_id != owner.pk:
        raise DomainError("The goal must be one of the owner's own goals.", field="goal")
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
    check, _ = LearningTransferCheck.objects.get_or_create(
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
        raise DomainError("Only the owner of a commitment can do this.")
    if not Membership.objects.filter(
        circle_id=locked.circle_id, person=person, left_on__isnull=True
    ).exists():
        raise DomainError("You are no longer in this commitment's circle.")
    if locked.status != Commitment.Status.OPEN:
        raise DomainError("This commitment is closed: its follow-up was recorded.")
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
        raise DomainError("Give a percentage or say how it is going.", field="percent")
    if percent is not None and not 0 <= percent <= 100:
        raise DomainError("The percentage is between 0 and 100.", field="percent")
    if state and state not in CommitmentCheckIn.State.values:
        raise DomainError("Choose one of the states offered.", field="state")
    update = update.strip()
    if len(update) > CHECK_IN_MAX_CHARS:
        raise DomainError(f"Keep the update under {CHECK_IN_MAX_CHARS} characters.", field="update")
    return CommitmentCheckIn.objects.create(
        commitment=locked, author=author, update=update, percent=percent, state=state
    )


CHECK_IN_MAX_CHARS = 1000


@transaction.atomic
def commitment_link_goal(*, commitment: Commitment, owner: Person, goal: Goal | None) -> None:
    locked = _own_open_commitment(commitment, owner)
    if goal is not None and goal.plan.owner_id != owner.pk:
        raise DomainError("Choose one of your own goals.", field="goal")
    locked.goal = goal
    locked.save(update_fields=["goal"])
    commitment.goal = goal


@transaction.atomic
def transfer_check_answer(
    *, check: LearningTransferCheck, owner: Person, applied: bool, how: str = "", effect: str = ""
) -> LearningTransferCheck:
    locked = LearningTransferCheck.objects.select_for_update().get(pk=check.pk)
    if locked.owner_id != owner.pk:
        raise DomainError("Only the owner of the commitment can answer this check.")
    if locked.answered_at is not None:
        raise DomainError("This check was already answered.")
    locked.applied = applied
    locked.how = how.strip()
    locked.effect = effect.strip()
    locked.answered_at = timezone.now()
    locked.save(update_fields=["applied", "how", "effect", "answered_at"])
    return locked


# Development plans -------------------------------------------------------------------------


def plan_for(owner: Person) -> DevelopmentPlan:
    """The person's plan, created empty the first time they open it."""
    plan, _ = DevelopmentPlan.objects.get_or_create(
        owner=owner, defaults={"organisation_id": owner.organisation_id}
    )
    return plan


@transaction.atomic
def plan_update(*, owner: Person, summary: str) -> DevelopmentPlan:
    plan = plan_for(owner)
    plan.summary = summary.strip()
    plan.save(update_fields=["summary", "updated_at"])
    return plan


def _goal_fields(title: str, skills: str, evidence: str) -> dict[str, str]:
    if not title.strip():
        raise DomainError("Say what you want to be able to do.", field="title")
    return {"title": title.strip(), "skills": skills.strip(), "evidence": evidence.strip()}


@transaction.atomic
def goal_create(
    *,
    owner: Person,
    title: str,
    skills: str = "",
    evidence: str = "",
    shared_with_circle: bool = False,
) -> Goal:
    fields = _goal_fields(title, skills, evidence)
    return Goal.objects.create(
        plan=plan_for(owner), shared_with_circle=shared_with_circle, **fields
    )


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    owner: Person,
    title: str,
    skills: str = "",
    evidence: str = "",
    status: str = Goal.Status.ACTIVE,
    shared_with_circle: bool = False,
) -> Goal:
    if goal.plan.owner_id != owner.pk:
        raise DomainError("Only the owner can change a goal.")
    if status not in Goal.Status.values:
        raise DomainError("Choose one of the statuses offered.", field="status")
    for name, value in _goal_fields(title, skills, evidence).items():
        setattr(goal, name, value)
    goal.status = status
    goal.shared_with_circle = shared_with_circle
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, owner: Person) -> None:
    if goal.plan.owner_id != owner.pk:
        raise DomainError("Only the owner can delete a goal.")
    # Commitments keep their history; they only lose the link (SET_NULL).
    goal.delete()


# Career conversations ----------------------------------------------------------------------


@transaction.atomic
def manager_share_set(
    *,
    owner: Person,
    summary: bool,
    goal_ids: set[int],
    commitment_ids: set[int],
) -> int:
    """Share exactly these items with the owner's current manager; everything else is unshared.

    Returns the number of items now shared. Nothing is ever shared without this explicit call.
    """
    if owner.manager_id is None:
        raise DomainError("No manager is recorded for you, so there is no one to share with.")
    plan = plan_for(owner)
    goals = set(Goal.objects.filter(plan=plan, pk__in=goal_ids).values_list("pk", flat=True))
    commitments = set(
        Commitment.objects.filter(owner=owner, pk__in=commitment_ids).values_list("pk", flat=True)
    )
    if goals != goal_ids or commitments != commitment_ids:
        raise DomainError("You can only share your own goals and commitments.")
    ManagerShare.objects.filter(owner=owner).delete()
    ManagerShare.objects.bulk_create(
        [ManagerShare(owner=owner, manager_id=owner.manager_id, goal_id=pk) for pk in goals]
        + [
            ManagerShare(owner=owner, manager_id=owner.manager_id, commitment_id=pk)
            for pk in commitments
        ]
    )
    plan.summary_shared_with_id = owner.manager_id if summary else None
    plan.save(update_fields=["summary_shared_with", "updated_at"])
    return len(goals) + len(commitments) + int(summary)
