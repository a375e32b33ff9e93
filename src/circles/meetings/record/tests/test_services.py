from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.meetings.agenda.defaults import DEFAULT_STEPS
from circles.meetings.agenda.services import agenda_template_create_default
from circles.meetings.models import AgendaStep, Attendance, Case, Meeting, Note
from circles.meetings.record.services import attendance_record, case_record, note_add
from circles.meetings.schedule.services import meeting_schedule

pytestmark = pytest.mark.django_db


def test_the_default_agenda_is_the_sixty_minute_circle_meeting(world):
    template = agenda_template_create_default(organisation=world.org)
    steps = list(AgendaStep.objects.filter(template=template))
    assert [(s.title, s.minutes) for s in steps] == [
        ("Check-in", 10),
        ("Case share", 10),
        ("Question storm", 20),
        ("Action commitment", 10),
        ("Follow-up and close", 10),
    ]
    assert sum(step.minutes for step in DEFAULT_STEPS) == 60


def test_creating_the_default_agenda_twice_keeps_one(world):
    first = agenda_template_create_default(organisation=world.org)
    assert agenda_template_create_default(organisation=world.org) == first
    assert AgendaStep.objects.filter(template=first).count() == 5


def test_scheduling_invites_every_current_member(world):
    starts = timezone.now() + dt.timedelta(days=30)
    meeting = meeting_schedule(circle=world.circle, starts_at=starts)
    invited = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    assert invited == {world.member.pk, world.facilitator.pk, world.peer.pk}
    assert meeting.organisation == world.org
    assert meeting.time_zone == world.circle.time_zone


def test_scheduling_refuses_a_facilitator_from_outside_and_writes_nothing(world):
    before = Meeting.objects.count()
    with pytest.raises(DomainError, match="facilitator must be a member"):
        meeting_schedule(circle=world.circle, starts_at=timezone.now(), facilitator=world.outsider)
    assert Meeting.objects.count() == before


def test_scheduling_refuses_a_naive_start(world):
    with pytest.raises(DomainError, match="time zone"):
        meeting_schedule(circle=world.circle, starts_at=dt.datetime(2030, 1, 1, 10, 0))


def test_only_members_record_cases_and_notes(world):
    with pytest.raises(DomainError, match="Only members"):
        case_record(
            meeting=world.next_meeting,
            giver=world.member,
            recorded_by=world.lead,
            kind="skill",
            title="t",
            situation="s",
        )
    with pytest.raises(DomainError, match="Only members"):
        note_add(meeting=world.next_meeting, author=world.outsider, body="Hello")
    assert not Case.objects.filter(meeting=world.next_meeting).exists()
    assert not Note.objects.filter(meeting=world.next_meeting).exists()


def test_a_case_needs_a_title_and_a_situation(world):
    with pytest.raises(DomainError, match="title and a situation"):
        case_record(
            meeting=world.next_meeting,
            giver=world.member,
            recorded_by=world.member,
            kind="skill",
            title=" ",
            situation="s",
        )


def test_attendance_keeps_a_declined_absence_as_declined(world):
    Attendance.objects.filter(meeting=world.next_meeting, person=world.peer).update(
        status=Attendance.Status.DECLINED
    )
    attendance_record(
        meeting=world.next_meeting, recorded_by=world.member, attended_ids={world.member.pk}
    )
    status = Attendance.objects.get(meeting=world.next_meeting, person=world.peer).status
    assert status == Attendance.Status.DECLINED


def test_local_start_keeps_the_circle_wall_clock_across_daylight_saving(world):
    import zoneinfo

    world.circle.time_zone = "Europe/Berlin"
    world.circle.save()
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    winter = meeting_schedule(
        circle=world.circle, starts_at=dt.datetime(2030, 1, 8, 10, 0, tzinfo=berlin)
    )
    summer = meeting_schedule(
        circle=world.circle, starts_at=dt.datetime(2030, 7, 9, 10, 0, tzinfo=berlin)
    )
    assert winter.local_start.hour == summer.local_start.hour == 10
    assert winter.starts_at.astimezone(dt.UTC).hour == 9
    assert summer.starts_at.astimezone(dt.UTC).hour == 8
