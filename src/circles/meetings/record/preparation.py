"""Case preparation: who shares the case at a meeting, and their case written beforehand.

The prepared case is an ordinary ``Case`` of the meeting, recorded by its giver before the
meeting starts, so the meeting page and the runner show it like any other case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.groups.models import Membership
from circles.groups.selectors import circles_with_content_access
from circles.lib.errors import DomainError
from circles.meetings.models import Case, Meeting
from circles.orgs.models import Person

PROMPT_DAYS_AHEAD = 21


def _member_ids(meeting: Meeting) -> set[int]:
    return set(
        Membership.objects.filter(circle_id=meeting.circle_id, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )


@transaction.atomic
def case_giver_choose(*, meeting: Meeting, by: Person, giver: Person | None) -> Meeting:
    """Set (or clear) who shares the case at a meeting that has not happened yet."""
    members = _member_ids(meeting)
    if by.pk not in members:
        raise DomainError(_("Only members of the circle can choose the case giver."))
    if giver is not None and giver.pk not in members:
        raise DomainError(_("The case giver must be a member of the circle."), field="giver")
    if meeting.status != Meeting.Status.SCHEDULED or meeting.ends_at < timezone.now():
        raise DomainError(_("The case giver can only be chosen before the meeting is held."))
    meeting.case_giver = giver
    meeting.save(update_fields=["case_giver"])
    return meeting


def suggest_case_giver(meeting: Meeting) -> int | None:
    """The member whose last case is longest ago (never first), not the facilitator if possible:
    a fair default the circle can change."""
    members = _member_ids(meeting)
    last_case = dict(
        Case.objects.filter(meeting__circle_id=meeting.circle_id, giver_id__in=members)
        .values_list("giver_id")
        .annotate(last=Max("created_at"))
        .values_list("giver_id", "last")
    )
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    candidates = sorted(
        members,
        key=lambda pid: (pid == meeting.facilitator_id, last_case.get(pid, never), pid),
    )
    return candidates[0] if candidates else None


@dataclass
class CaseToPrepare:
    meeting: Meeting
    prepared: bool


def cases_to_prepare(person: Person) -> list[CaseToPrepare]:
    """Upcoming meetings where the person shares the case, and whether it is written yet."""
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(
            circle__in=circles_with_content_access(person),
            case_giver=person,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now - dt.timedelta(hours=1),
            starts_at__lte=now + dt.timedelta(days=PROMPT_DAYS_AHEAD),
        )
        .select_related("circle")
        .order_by("starts_at")[:5]
    )
    prepared = set(
        Case.objects.filter(meeting__in=meetings, giver=person).values_list("meeting_id", flat=True)
    )
    return [CaseToPrepare(meeting=m, prepared=m.pk in prepared) for m in meetings]
