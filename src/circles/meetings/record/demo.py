"""Demo data for case preparation: who shares the case at each circle's next meeting."""

from __future__ import annotations

from django.utils import timezone

from circles.meetings.models import Meeting
from circles.meetings.record.preparation import suggest_case_giver
from circles.orgs.models import Person, Programme


def create_case_giver_demo(programme: Programme, *, demo_member_email: str) -> None:
    """The demo member shares the case at their circle's next meeting (and sees the prompt to
    prepare it on their home page); other circles get the suggested case giver."""
    member = Person.objects.get(organisation_id=programme.organisation_id, email=demo_member_email)
    for circle in programme.circles.all():
        meeting = (
            Meeting.objects.filter(
                circle=circle, status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now()
            )
            .order_by("starts_at")
            .first()
        )
        if meeting is None:
            continue
        in_circle = circle.memberships.filter(person=member, left_on__isnull=True).exists()
        meeting.case_giver_id = member.pk if in_circle else suggest_case_giver(meeting)
        meeting.save(update_fields=["case_giver"])
