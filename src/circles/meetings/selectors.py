"""Reads about meetings, scoped to the circles the viewer belongs to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone

from circles.groups.models import Circle, Membership
from circles.groups.selectors import (
    circles_of_member,
    circles_with_content_access,
    with_current_members,
)
from circles.growth.models import Commitment
from circles.lib.counts import count_of
from circles.meetings.models import AgendaStep, Attendance, Case, Meeting, Note, Question
from circles.orgs.models import Person


def meetings_visible_to(person: Person) -> QuerySet[Meeting]:
    """Meetings of the circles the person currently belongs to and has accepted the ground
    rules of: the only way to reach a meeting's content."""
    return Meeting.objects.filter(circle__in=circles_with_content_access(person))


@dataclass
class CircleAtAGlance:
    circle: Circle
    members: list[Membership]
    next_meeting: Meeting | None
    my_roles: list[str] = field(default_factory=list)


def circles_with_next_meeting(person: Person) -> list[CircleAtAGlance]:
    """A member's circles, each with its next meeting and the member's role in it.

    Three queries whatever the number of circles: circles with members, then upcoming meetings.
    """
    circles = list(with_current_members(circles_of_member(person).select_related("programme")))
    now = timezone.now()
    upcoming = (
        Meeting.objects.filter(
            circle__in=[c.pk for c in circles],
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now - dt.timedelta(hours=2),
        )
        .select_related("facilitator", "host", "note_taker")
        .order_by("circle_id", "starts_at")
    )
    first_by_circle: dict[int, Meeting] = {}
    for meeting in upcoming:
        first_by_circle.setdefault(meeting.circle_id, meeting)
    result = []
    for circle in circles:
        next_meeting = first_by_circle.get(circle.pk)
        result.append(
            CircleAtAGlance(
                circle=circle,
                members=circle.current_memberships,  # type: ignore[attr-defined]
                next_meeting=next_meeting,
                my_roles=next_meeting.roles_of(person) if next_meeting else [],
            )
        )
    return result


# A meeting that began less than this long ago still counts as the next one.
UNDER_WAY = dt.timedelta(hours=2)
COMING_UP = 5


@dataclass(frozen=True)
class CircleMeetings:
    """A circle's meetings as its page lists them: what comes next first, then what was."""

    coming_up: list[Meeting]  # the next few, soonest first
    more_planned: int  # upcoming meetings beyond those
    last_planned_at: dt.datetime | None  # when the furthest planned meeting starts
    past: QuerySet[Meeting]  # most recent first

    @property
    def next_meeting(self) -> Meeting | None:
        return next((m for m in self.coming_up if m.status == Meeting.Status.SCHEDULED), None)


def circle_meetings(circle: Circle, now: dt.datetime | None = None) -> CircleMeetings:
    """Upcoming meetings soonest first and past ones newest first, in a fixed number of queries."""
    cutoff = (now or timezone.now()) - UNDER_WAY
    meetings = circle.meetings.select_related("facilitator", "host", "note_taker")
    upcoming = meetings.filter(starts_at__gte=cutoff)
    planned = upcoming.aggregate(count=Count("pk"), last=Max("starts_at"))
    return CircleMeetings(
        coming_up=list(upcoming.order_by("starts_at")[:COMING_UP]),
        more_planned=max(0, planned["count"] - COMING_UP),
        last_planned_at=planned["last"],
        past=meetings.filter(starts_at__lt=cutoff).order_by("-starts_at"),
    )


def meeting_history(circle: Circle) -> QuerySet[Meeting]:
    return circle.meetings.select_related("facilitator", "host", "note_taker").order_by(
        "-starts_at"
    )


def with_meetings_held(circles: QuerySet[Circle]) -> QuerySet[Circle]:
    """Each circle with ``meetings_held``, counted only for the circles a page shows."""
    return circles.annotate(
        meetings_held=count_of(Meeting.objects.filter(status=Meeting.Status.HELD), of="circle")
    )


def meeting_for_page(person: Person, meeting_id: int) -> QuerySet[Meeting]:
    """The meeting with everything its page shows, in a fixed number of queries."""
    return (
        meetings_visible_to(person)
        .filter(pk=meeting_id)
        .select_related("circle", "circle__programme", "facilitator", "host", "note_taker")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=Case.objects.select_related("giver").prefetch_related(
                    Prefetch("questions", queryset=Question.objects.select_related("asked_by"))
                ),
            ),
            Prefetch("notes", queryset=Note.objects.select_related("author", "edited_by")),
            Prefetch("attendances", queryset=Attendance.objects.select_related("person")),
        )
    )


def agenda_steps(meeting: Meeting) -> list[AgendaStep]:
    if meeting.agenda_template_id is None:
        return []
    return list(AgendaStep.objects.filter(template_id=meeting.agenda_template_id))


def previous_and_next(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    siblings = Meeting.objects.filter(circle_id=meeting.circle_id).exclude(pk=meeting.pk)
    previous = siblings.filter(starts_at__lt=meeting.starts_at).order_by("-starts_at").first()
    following = siblings.filter(starts_at__gt=meeting.starts_at).order_by("starts_at").first()
    return previous, following


def open_commitment_count(circle: Circle) -> int:
    return Commitment.objects.filter(circle=circle, status=Commitment.Status.OPEN).count()
