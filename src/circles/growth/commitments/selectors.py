"""Reads about commitments, scoped to what the viewer may see."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from circles.groups.models import Circle
from circles.groups.selectors import circles_with_content_access
from circles.growth.models import (
    Commitment,
    CommitmentCheckIn,
    LearningTransferCheck,
)
from circles.meetings.models import Meeting
from circles.orgs.models import Person


def own_commitments(person: Person) -> QuerySet[Commitment]:
    """The one way to read a person's own commitments: only those made in circles they can
    still read. Someone who left a circle keeps none of its commitment texts."""
    return Commitment.objects.filter(owner=person, circle__in=circles_with_content_access(person))


def open_commitments_of(person: Person) -> QuerySet[Commitment]:
    """A person's own open commitments, in circles they still belong to."""
    return (
        own_commitments(person)
        .filter(status=Commitment.Status.OPEN)
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
        own_commitments(person)
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


def commitments_readable_by(person: Person) -> QuerySet[Commitment]:
    """Commitments whose text the person may read: those of the circles whose content they
    read (their own among them), as the meeting and circle pages show them."""
    return Commitment.objects.filter(circle__in=circles_with_content_access(person))
