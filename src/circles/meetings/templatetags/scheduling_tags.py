"""Panels the meeting and circle pages include: when they meet, and who holds which role."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from circles.groups.models import Circle
from circles.meetings.forms_schedule import CancelForm, MoveForm, SwapForm
from circles.meetings.models import Attendance, Meeting
from circles.meetings.scheduling import describe
from circles.meetings.slots_for_circle import suggested_times
from circles.meetings.views_schedule import members_of
from circles.orgs.models import Person

register = template.Library()


@register.inclusion_tag("meetings/_schedule_panel.html", takes_context=True)
def meeting_schedule_panel(
    context: dict[str, Any], meeting: Meeting, person: Person
) -> dict[str, Any]:
    upcoming = meeting.status == Meeting.Status.SCHEDULED and meeting.starts_at > timezone.now()
    declined = Attendance.objects.filter(
        meeting=meeting, person=person, status=Attendance.Status.DECLINED
    ).exists()
    local = meeting.local_start
    return {
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "person": person,
        "upcoming": upcoming,
        "declined": declined,
        "moved": meeting.planned_start is not None and meeting.planned_start != meeting.starts_at,
        "move_form": MoveForm(
            time_zone=meeting.time_zone,
            initial={"starts_at": local.replace(tzinfo=None)},
        ),
        "cancel_form": CancelForm(),
        "swap_form": SwapForm(members=members_of(meeting.circle)),
        "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
    }


@register.inclusion_tag("groups/_rhythm_panel.html", takes_context=True)
def circle_rhythm_panel(context: dict[str, Any], circle: Circle) -> dict[str, Any]:
    rhythm = circle.rhythm
    return {
        "csrf_token": context.get("csrf_token"),
        "circle": circle,
        "rhythm_text": describe(rhythm) if rhythm else "",
        "report": suggested_times(circle),
    }
