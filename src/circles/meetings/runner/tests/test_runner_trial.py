"""What a first trial hit on the runner: saved attendance, the last step, finishing, starting
early, and the question storm after the meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.feedback.selectors import pulses_due_for
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Meeting, MeetingRun, Question
from circles.meetings.record.services import attendance_record, case_record
from circles.meetings.runner import services as runner
from circles.meetings.schedule.services import meeting_schedule

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def now_meeting(world):
    """A meeting of circle A that starts now, so it can be run without a warning."""
    return meeting_schedule(
        circle=world.circle,
        starts_at=timezone.now().replace(second=0, microsecond=0),
        facilitator=world.facilitator,
    )


def _run_to_last_step(meeting, person):
    run = runner.run_start(meeting=meeting, started_by=person)
    while True:
        try:
            run = runner.run_move(run=run, moved_by=person, steps=1)
        except DomainError:
            return MeetingRun.objects.get(pk=run.pk)


def test_a_saved_absence_stays_unticked_after_a_reload_and_a_second_save(world, login, now_meeting):
    runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    client = login(world.facilitator)
    url = reverse("meeting_runner_attendance", args=[now_meeting.pk])
    client.post(url, {"attended": [world.member.pk, world.facilitator.pk]})
    page = client.get(reverse("meeting_runner", args=[now_meeting.pk]))
    ticked = set(page.context["attendance_form"].initial["attended"])
    assert ticked == {world.member.pk, world.facilitator.pk}
    # Saving the form as the page shows it again leaves the absent member absent.
    client.post(url, {"attended": sorted(ticked)})
    status = Attendance.objects.get(meeting=now_meeting, person=world.peer).status
    assert status == Attendance.Status.ABSENT


def test_before_attendance_is_saved_the_go_round_is_ticked(world, login, now_meeting):
    runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    page = login(world.member).get(reverse("meeting_runner", args=[now_meeting.pk]))
    assert set(page.context["attendance_form"].initial["attended"]) == {
        world.member.pk,
        world.facilitator.pk,
        world.peer.pk,
    }


def test_next_on_the_last_step_is_disabled_and_refused_with_a_reason(world, login, now_meeting):
    run = _run_to_last_step(now_meeting, world.facilitator)
    client = login(world.facilitator)
    page = client.get(reverse("meeting_runner", args=[now_meeting.pk])).content.decode()
    assert 'id="step-next" disabled' in page
    assert "This is the last step" in page
    response = client.post(
        reverse("meeting_runner_move", args=[now_meeting.pk]),
        {"direction": "next", "version": run.version},
        **JSON,
    )
    assert response.status_code == 400
    assert "last step" in response.json()["error"]
    assert response.json()["state"]["last"] is True
    assert MeetingRun.objects.get(pk=run.pk).version == run.version


def test_finishing_needs_a_confirmation(world, login, now_meeting):
    runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    client = login(world.facilitator)
    url = reverse("meeting_runner_finish", args=[now_meeting.pk])
    refused = client.post(url)
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    assert MeetingRun.objects.get(meeting=now_meeting).finished_at is None
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert MeetingRun.objects.get(meeting=now_meeting).finished_at is not None


def test_a_finished_meeting_reloads_as_finished_without_a_countdown(world, login, now_meeting):
    run = runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    runner.run_finish(run=run, by=world.facilitator)
    page = login(world.member).get(reverse("meeting_runner", args=[now_meeting.pk]))
    body = page.content.decode()
    assert 'data-finished="yes"' in body
    assert ">Finished</p>" in body
    assert "question storm is closed" in body
    assert 'id="question-form"' not in body


def test_no_question_after_the_meeting_finished(world, login, now_meeting):
    case = case_record(
        meeting=now_meeting,
        giver=world.member,
        recorded_by=world.member,
        kind="skill",
        title="A case",
        situation="Something",
    )
    run = runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    runner.run_finish(run=run, by=world.facilitator)
    with pytest.raises(DomainError, match="question storm is closed"):
        runner.question_ask(case=case, asked_by=world.peer, text="Too late?")
    response = login(world.peer).post(
        reverse("meeting_runner_question", args=[now_meeting.pk]),
        {"case": case.pk, "text": "Too late?"},
        **JSON,
    )
    assert response.status_code == 400
    assert not Question.objects.filter(case=case).exists()


def test_a_finish_pressed_too_soon_can_be_reopened_for_a_while(world, login, now_meeting):
    run = runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    runner.run_finish(run=run, by=world.facilitator)
    client = login(world.peer)
    page = client.get(reverse("meeting_runner", args=[now_meeting.pk])).content.decode()
    assert "Reopen the meeting" in page
    assert client.post(reverse("meeting_runner_reopen", args=[now_meeting.pk])).status_code == 302
    assert MeetingRun.objects.get(pk=run.pk).finished_at is None
    runner.run_finish(run=run, by=world.facilitator)
    MeetingRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now() - runner.REOPEN_WINDOW - dt.timedelta(minutes=1)
    )
    with pytest.raises(DomainError, match="too long ago"):
        runner.run_reopen(run=run, by=world.facilitator)
    assert (
        login(world.outsider)
        .post(reverse("meeting_runner_reopen", args=[now_meeting.pk]))
        .status_code
        == 404
    )


def test_starting_days_early_asks_first_and_then_moves_the_meeting_to_now(world, login):
    meeting = world.next_meeting  # three days ahead
    planned = meeting.starts_at
    client = login(world.facilitator)
    url = reverse("meeting_runner_start", args=[meeting.pk])
    asked = client.post(url)
    assert asked.status_code == 400
    assert "Start it now anyway?" in asked.content.decode()
    assert "Yes, start it now" in asked.content.decode()
    assert not MeetingRun.objects.filter(meeting=meeting).exists()
    assert client.post(url, {"early": "yes"}).status_code == 302
    meeting.refresh_from_db()
    assert abs(meeting.starts_at - timezone.now()) < dt.timedelta(minutes=2)
    assert meeting.planned_start == planned
    assert meeting.sequence == 1


def test_a_meeting_held_early_prompts_its_pulse(world):
    meeting = world.next_meeting
    runner.run_start(meeting=meeting, started_by=world.facilitator, early_ok=True)
    attendance_record(
        meeting=meeting, recorded_by=world.facilitator, attended_ids={world.member.pk}
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting in list(pulses_due_for(world.member))


def test_live_questions_and_notes_come_escaped_with_safe_links(world, login, now_meeting):
    case = case_record(
        meeting=now_meeting,
        giver=world.member,
        recorded_by=world.member,
        kind="skill",
        title="A case",
        situation="Something",
    )
    runner.run_start(meeting=now_meeting, started_by=world.facilitator)
    runner.question_ask(
        case=case, asked_by=world.peer, text="<script>x</script> see https://example.org/a"
    )
    payload = (
        login(world.member)
        .get(reverse("meeting_runner_live", args=[now_meeting.pk]), **JSON)
        .json()
    )
    html = payload["questions"][-1]["html"]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://example.org/a"' in html
    assert "noopener" in html
