"""Writes about meetings: agenda templates, scheduling, cases and notes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from circles.groups.models import Circle, Membership
from circles.lib.errors import DomainError
from circles.orgs.models import Organisation, Person

from .agenda import DEFAULT_STEPS, DEFAULT_TEMPLATE_NAME
from .models import AgendaStep, AgendaTemplate, Attendance, Case, Meeting, Note


@transaction.atomic
def agenda_template_create_default(*, organisation: Organisation) -> AgendaTemplate:
    template, created = AgendaTemplate.objects.get_or_create(
        organisation=organisation,
        name=DEFAULT_TEMPLATE_NAME,
        defaults={"description": "Check-in, one case, a question storm, a commitment, follow-up."},
    )
    if created:
        AgendaStep.objects.bulk_create(
            AgendaStep(
                template=template,
                position=position,
                kind=step.kind,
                title=step.title,
                minutes=step.minutes,
                prompt=step.prompt,
            )
            for position, step in enumerate(DEFAULT_STEPS, start=1)
        )
    return template


def _current_member_ids(circle: Circle) -> set[int]:
    return set(
        Membership.objects.filter(circle=circle, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )


@transaction.atomic
def meeting_schedule(
    *,
    circle: Circle,
    starts_at: dt.datetime,
    facilitator: Person | None = None,
    host: Person | None = None,
    note_taker: Person | None = None,
    location: str = "",
    video_url: str = "",
    planned_start: dt.datetime | None = None,
) -> Meeting:
    if starts_at.tzinfo is None:
        raise DomainError("A meeting start needs a time zone.", field="starts_at")
    members = _current_member_ids(circle)
    for role, person in (("facilitator", facilitator), ("host", host), ("note_taker", note_taker)):
        if person is not None and person.pk not in members:
            raise DomainError(f"The {role.replace('_', ' ')} must be a member.", field=role)
    meeting = Meeting.objects.create(
        organisation_id=circle.organisation_id,
        circle=circle,
        starts_at=starts_at,
        time_zone=circle.time_zone,
        duration_minutes=circle.meeting_minutes,
        agenda_template=circle.programme.agenda_template,
        facilitator=facilitator,
        host=host,
        note_taker=note_taker,
        location=location or circle.location,
        video_url=video_url or circle.video_url,
        planned_start=planned_start or starts_at,
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person_id=person_id) for person_id in sorted(members)
    )
    return meeting


def _require_member(meeting: Meeting, person: Person, what: str) -> None:
    if person.pk not in _current_member_ids(meeting.circle):
        raise DomainError(f"Only members of the circle can {what}.")


@transaction.atomic
def case_record(
    *,
    meeting: Meeting,
    giver: Person,
    recorded_by: Person,
    kind: str,
    title: str,
    situation: str,
    help_wanted: str = "",
) -> Case:
    _require_member(meeting, recorded_by, "record a case")
    if giver.pk not in _current_member_ids(meeting.circle):
        raise DomainError("The case giver must be a member of the circle.", field="giver")
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("This meeting was cancelled.")
    if not title.strip() or not situation.strip():
        raise DomainError("A case needs a title and a situation.")
    return Case.objects.create(
        meeting=meeting,
        giver=giver,
        kind=kind,
        title=title.strip(),
        situation=situation.strip(),
        help_wanted=help_wanted.strip(),
    )


@transaction.atomic
def note_add(*, meeting: Meeting, author: Person, body: str) -> Note:
    _require_member(meeting, author, "write notes")
    if not body.strip():
        raise DomainError("A note cannot be empty.", field="body")
    return Note.objects.create(meeting=meeting, author=author, body=body.strip())


@transaction.atomic
def attendance_record(*, meeting: Meeting, recorded_by: Person, attended_ids: set[int]) -> None:
    """Mark who came; everyone else expected is marked absent and the meeting counts as held."""
    _require_member(meeting, recorded_by, "record attendance")
    rows = list(meeting.attendances.select_for_update())
    for row in rows:
        if row.status == Attendance.Status.DECLINED and row.person_id not in attended_ids:
            continue
        row.status = (
            Attendance.Status.ATTENDED
            if row.person_id in attended_ids
            else Attendance.Status.ABSENT
        )
    Attendance.objects.bulk_update(rows, ["status"])
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
