"""Writes about development plans, their goals, and what is shared with a manager."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from circles.growth.commitments.selectors import own_commitments
from circles.growth.models import (
    DevelopmentPlan,
    Goal,
    ManagerShare,
)
from circles.lib.errors import DomainError
from circles.orgs.models import Person

# Development plans -------------------------------------------------------------------------


def plan_for(owner: Person) -> DevelopmentPlan:
    """The person's plan, created empty the first time they open it."""
    plan, _created = DevelopmentPlan.objects.get_or_create(
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
        raise DomainError(_("Say what you want to be able to do."), field="title")
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
        raise DomainError(_("Only the owner can change a goal."))
    if status not in Goal.Status.values:
        raise DomainError(_("Choose one of the statuses offered."), field="status")
    for name, value in _goal_fields(title, skills, evidence).items():
        setattr(goal, name, value)
    goal.status = status
    goal.shared_with_circle = shared_with_circle
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, owner: Person) -> None:
    if goal.plan.owner_id != owner.pk:
        raise DomainError(_("Only the owner can delete a goal."))
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
        raise DomainError(_("No manager is recorded for you, so there is no one to share with."))
    plan = plan_for(owner)
    goals = set(Goal.objects.filter(plan=plan, pk__in=goal_ids).values_list("pk", flat=True))
    commitments = set(
        own_commitments(owner).filter(pk__in=commitment_ids).values_list("pk", flat=True)
    )
    if goals != goal_ids or commitments != commitment_ids:
        raise DomainError(_("You can only share your own goals and commitments."))
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
