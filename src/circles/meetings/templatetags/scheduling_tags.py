"""The panel the meeting page includes: when it is, and who holds which role."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from circles.meetings.models import Attendance, Meeting
from circles.meetings.schedule.forms import CancelForm, MoveForm, SwapForm
from circles.meetings.schedule.services import meeting_stewards
from circles.meetings.schedule.views import members_of
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
    steward = person.pk in meeting_stewards(meeting)
    is_cancelled = meeting.status == Meeting.Status.CANCELLED
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
        "is_cancelled": is_cancelled,
        "is_steward": steward,
        "can_restore": steward and is_cancelled and meeting.starts_at > timezone.now(),
        "started": hasattr(meeting, "run"),
    }
