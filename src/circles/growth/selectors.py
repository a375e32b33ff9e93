"""Reads about commitments, scoped to what the viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from circles.groups.models import Circle
from circles.groups.selectors import circles_with_content_access
from circles.meetings.models import Meeting
from circles.orgs.models import Person

from .models import (
    Commitment,
    CommitmentCheckIn,
    DevelopmentPlan,
    Goal,
    LearningTransferCheck,
    ManagerShare,
)


def open_commitments_of(person: Person) -> QuerySet[Commitment]:
    """A person's own open commitments, in circles they still belong to."""
    return (
        Commitment.objects.filter(
            owner=person,
            status=Commitment.Status.OPEN,
            circle__in=circles_with_content_access(person),
        )
        .select_related("circle", "made_at")
        .order_by("due_on", "pk")
    )


def commitments_made_at(meeting: Meeting) -> QuerySet[Commitment]:
    return meeting.commitments.select_related("owner").order_by("pk")


def commitments_to_follow_up(meeting: Meeting) -> QuerySet[Commitment]:
    """Commitments from the circle's earlier meetings: still open, or closed at this meeting."""
    return (
        Commitment.objects.filter(
            circle_id=meeting.circle_id, made_at__starts_at__lt=meeting.starts_at
        )
        .filter(Q(status=Commitment.Status.OPEN) | Q(follow_ups__meeting=meeting))
        .select_related("owner", "made_at")
        .prefetch_related("follow_ups")
        .distinct()
        .order_by("due_on", "pk")
    )


def with_check_ins(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.prefetch_related(
        Prefetch(
            "check_ins",
            queryset=CommitmentCheckIn.objects.order_by("-created_at", "-pk"),
            to_attr="recent_check_ins",
        )
    )


def due_soon_until(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today + dt.timedelta(days=settings.CIRCLES_COMMITMENT_DUE_SOON_DAYS)


def my_open_commitments(person: Person) -> QuerySet[Commitment]:
    """The owner's open commitments with their check-ins, soonest due first."""
    return with_check_ins(open_commitments_of(person).select_related("goal"))


def my_closed_commitments(person: Person) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(owner=person, circle__in=circles_with_content_access(person))
        .exclude(status=Commitment.Status.OPEN)
        .select_related("circle", "made_at", "goal")
        .order_by("-due_on", "-pk")
    )


def own_commitment(person: Person, commitment_id: int) -> Commitment | None:
    """One of the person's own commitments, in a circle they still belong to."""
    return (
        Commitment.objects.filter(
            owner=person, pk=commitment_id, circle__in=circles_with_content_access(person)
        )
        .select_related("circle", "made_at", "goal")
        .first()
    )


def circle_open_commitments(circle: Circle) -> QuerySet[Commitment]:
    """Open commitments made in this circle by its current members.

    The caller reached ``circle`` through ``circles_with_content_access``: that is the access check.
    """
    return with_check_ins(
        Commitment.objects.filter(
            circle=circle,
            status=Commitment.Status.OPEN,
            owner__memberships__circle=circle,
            owner__memberships__left_on__isnull=True,
        )
        .select_related("owner", "made_at")
        .order_by("due_on", "pk")
    )


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


def transfer_checks_due(
    person: Person, today: dt.date | None = None
) -> QuerySet[LearningTransferCheck]:
    today = today or timezone.localdate()
    return LearningTransferCheck.objects.filter(
        owner=person, answered_at__isnull=True, due_on__lte=today
    ).select_related("commitment__made_at", "commitment__circle")


def own_transfer_check(person: Person, check_id: int) -> LearningTransferCheck | None:
    return (
        LearningTransferCheck.objects.filter(owner=person, pk=check_id)
        .select_related("commitment__made_at", "commitment__circle")
        .first()
    )


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
        Commitment.objects.filter(
            manager_shares__manager=manager, owner__manager=manager
        ).select_related("made_at")
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
        elif share.commitment_id is not None:
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
