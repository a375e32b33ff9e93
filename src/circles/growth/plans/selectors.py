"""Reads about development plans and goals: the owner's, and what was shared with them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from circles.groups.models import Circle
from circles.groups.selectors import owner_reads_circle
from circles.growth.commitments.selectors import with_check_ins
from circles.growth.models import (
    Commitment,
    DevelopmentPlan,
    Goal,
    ManagerShare,
)
from circles.orgs.models import Person


def goals_shared_in_circle(circle: Circle) -> QuerySet[Goal]:
    """Goals its current members chose to share with their circle."""
    return (
        Goal.objects.filter(
            shared_with_circle=True,
            plan__owner__memberships__circle=circle,
            plan__owner__memberships__left_on__isnull=True,
        )
        .exclude(status=Goal.Status.PAUSED)
        .select_related("plan__owner")
        .order_by("plan__owner__full_name", "pk")
    )


def plan_of(person: Person) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(owner=person).first()


def goals_of(person: Person) -> QuerySet[Goal]:
    return Goal.objects.filter(plan__owner=person).order_by("status", "created_at", "pk")


def own_goal(person: Person, goal_id: int) -> Goal | None:
    return Goal.objects.filter(plan__owner=person, pk=goal_id).select_related("plan").first()


@dataclass
class SharedByReport:
    """What one direct report chose to share with their manager."""

    person: Person
    summary: str = ""
    goals: list[Goal] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)


def shared_with_manager(manager: Person) -> list[SharedByReport]:
    """Items direct reports shared with this manager, while they are still their manager.

    A fixed number of queries, whatever the number of reports or items.
    """
    shares = (
        ManagerShare.objects.filter(manager=manager, owner__manager=manager)
        .select_related("owner", "goal", "commitment__made_at", "commitment__circle")
        .order_by("owner__full_name", "pk")
    )
    commitments = with_check_ins(
        Commitment.objects.filter(manager_shares__manager=manager, owner__manager=manager)
        # A commitment from a circle its owner has left is no longer theirs to share.
        .filter(owner_reads_circle(circle_ref="circle_id", person_ref="owner_id"))
        .select_related("made_at")
    )
    by_commitment = {c.pk: c for c in commitments}
    plans = DevelopmentPlan.objects.filter(
        summary_shared_with=manager, owner__manager=manager
    ).select_related("owner")
    reports: dict[int, SharedByReport] = {}
    for plan in plans:
        reports[plan.owner_id] = SharedByReport(person=plan.owner, summary=plan.summary)
    for share in shares:
        entry = reports.setdefault(share.owner_id, SharedByReport(person=share.owner))
        if share.goal is not None:
            entry.goals.append(share.goal)
        elif share.commitment_id in by_commitment:
            entry.commitments.append(by_commitment[share.commitment_id])
    return sorted(reports.values(), key=lambda r: r.person.full_name)


def manager_shares_of(person: Person) -> tuple[set[int], set[int]]:
    """Goal and commitment ids the person currently shares with their current manager."""
    goals: set[int] = set()
    commitments: set[int] = set()
    if person.manager_id is None:
        return goals, commitments
    rows = ManagerShare.objects.filter(owner=person, manager_id=person.manager_id)
    for goal_id, commitment_id in rows.values_list("goal_id", "commitment_id"):
        if goal_id is not None:
            goals.add(goal_id)
        if commitment_id is not None:
            commitments.add(commitment_id)
    return goals, commitments
