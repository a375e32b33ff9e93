"""Reads about commitments, scoped to what the viewer may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from circles.groups.selectors import circles_of_member
from circles.meetings.models import Meeting
from circles.orgs.models import Person

from .models import Commitment


def open_commitments_of(person: Person) -> QuerySet[Commitment]:
    """A person's own open commitments, in circles they still belong to."""
    return (
        Commitment.objects.filter(
            owner=person,
            status=Commitment.Status.OPEN,
            circle__in=circles_of_member(person),
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
