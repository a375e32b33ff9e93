from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circles.growth.models import Commitment, FollowUp
from circles.lib.errors import DomainError
from circles.meetings.models import AgendaTemplate, Attendance, MeetingRun, Note, Question
from circles.meetings.record.services import case_record
from circles.meetings.runner import services as runner
from circles.testing import SECRET_ACTION

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def case(world):
    return case_record(
        meeting=world.next_meeting,
        giver=world.member,
        recorded_by=world.member,
        kind="skill",
        title="Saying no to my director",
        situation="I take on everything.",
    )


def _start(world):
    return runner.run_start(meeting=world.next_meeting, started_by=world.facilitator, early_ok=True)


def test_starting_twice_returns_the_same_run_with_the_facilitator_last_in_the_go_round(world):
    run = _start(world)
    assert (
        runner.run_start(meeting=world.next_meeting, started_by=world.peer, early_ok=True).pk
        == run.pk
    )
    assert run.go_round[-1] == world.facilitator.pk
    assert set(run.go_round) == {world.member.pk, world.facilitator.pk, world.peer.pk}


def test_a_declined_member_is_left_out_of_the_go_round(world):
    Attendance.objects.filter(meeting=world.next_meeting, person=world.peer).update(
        status=Attendance.Status.DECLINED
    )
    assert world.peer.pk not in _start(world).go_round


def test_an_outsider_cannot_start_or_move_a_run(world):
    with pytest.raises(DomainError):
        runner.run_start(meeting=world.next_meeting, started_by=world.outsider, early_ok=True)
    run = _start(world)
    with pytest.raises(DomainError):
        runner.run_move(run=run, moved_by=world.outsider, steps=1)
    run.refresh_from_db()
    assert run.step_index == 0


def test_two_screens_pressing_next_at_once_move_the_meeting_by_one_step(world):
    run = _start(world)
    runner.run_move(run=run, moved_by=world.facilitator, steps=1, expected_version=1)
    with pytest.raises(DomainError) as error:
        runner.run_move(run=run, moved_by=world.peer, steps=1, expected_version=1)
    assert "moved the meeting on" in error.value.message
    run.refresh_from_db()
    assert (run.step_index, run.version) == (1, 2)


def test_a_member_round_steps_through_each_person_and_marks_them_as_heard(world):
    template = AgendaTemplate.objects.get(organisation=world.org, builtin_key="kickoff")
    world.next_meeting.agenda_template = template
    world.next_meeting.save()
    run = _start(world)
    assert run.step_index == 0  # introductions go round every member
    for expected in range(1, 3):
        runner.run_move(run=run, moved_by=world.facilitator, steps=1)
        run.refresh_from_db()
        assert (run.step_index, run.round_position) == (0, expected)
    runner.run_move(run=run, moved_by=world.facilitator, steps=1)
    run.refresh_from_db()
    assert run.step_index == 1
    assert set(run.spoken) == set(run.go_round)


def test_the_quiet_list_names_who_has_neither_asked_nor_spoken(world, case):
    run = _start(world)
    runner.question_ask(case=case, asked_by=world.peer, text="What would happen if you said no?")
    askers = set(Question.objects.values_list("asked_by_id", flat=True))
    assert runner.quiet_people(run, askers, {world.member.pk}) == [world.facilitator.pk]
    runner.run_mark_spoken(run=run, by=world.peer, person_id=world.facilitator.pk)
    run.refresh_from_db()
    assert runner.quiet_people(run, askers, {world.member.pk}) == []


def test_an_empty_question_is_refused_and_nothing_is_written(world, case):
    with pytest.raises(DomainError):
        runner.question_ask(case=case, asked_by=world.peer, text="   ")
    with pytest.raises(DomainError):
        runner.question_ask(case=case, asked_by=world.outsider, text="Why?")
    assert not Question.objects.exists()


def test_moving_the_go_round_swaps_one_place(world):
    run = _start(world)
    second = run.go_round[1]
    runner.run_move_earlier(run=run, by=world.member, person_id=second)
    run.refresh_from_db()
    assert run.go_round[0] == second


# --- pages -------------------------------------------------------------------------------


def test_the_runner_page_survives_a_reload_with_the_same_step_and_remaining_time(world, login):
    run = _start(world)
    runner.run_move(run=run, moved_by=world.facilitator, steps=1)
    MeetingRun.objects.filter(pk=run.pk).update(
        step_started_at=timezone.now() - dt.timedelta(minutes=4)
    )
    client = login(world.member)
    body = client.get(reverse("meeting_runner", args=[world.next_meeting.pk])).content.decode()
    assert "Case share" in body
    assert "Step 2 of 5" in body
    assert "6 min left" in body  # 10-minute timebox, 4 minutes gone


def test_a_question_posted_by_one_member_is_in_the_next_poll_of_another(world, login, case):
    _start(world)
    live = reverse("meeting_runner_live", args=[world.next_meeting.pk])
    first = login(world.facilitator).get(live).json()
    assert first["questions"] == []
    login(world.peer).post(
        reverse("meeting_runner_question", args=[world.next_meeting.pk]),
        {"case": case.pk, "text": "What would a yes cost you?"},
        **JSON,
    )
    later = login(world.facilitator).get(live + "?q=0&n=0").json()
    assert [q["text"] for q in later["questions"]] == ["What would a yes cost you?"]
    assert later["questions"][0]["by"] == "Pat Peer"


def test_the_live_endpoint_answers_304_while_nothing_changed(world, login, case):
    _start(world)
    client = login(world.facilitator)
    url = reverse("meeting_runner_live", args=[world.next_meeting.pk])
    response = client.get(url)
    etag = response["ETag"]
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    runner.question_ask(case=case, asked_by=world.peer, text="Who else is involved?")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_live_endpoint_sends_only_questions_after_the_cursor(world, login, case):
    _start(world)
    old = runner.question_ask(case=case, asked_by=world.peer, text="First?")
    runner.question_ask(case=case, asked_by=world.facilitator, text="Second?")
    url = reverse("meeting_runner_live", args=[world.next_meeting.pk]) + f"?q={old.pk}"
    assert [q["text"] for q in login(world.member).get(url).json()["questions"]] == ["Second?"]


def test_the_live_endpoint_makes_the_same_number_of_queries_whatever_the_questions(
    world, login, case
):
    _start(world)
    client = login(world.member)
    url = reverse("meeting_runner_live", args=[world.next_meeting.pk])
    runner.question_ask(case=case, asked_by=world.peer, text="One?")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(8):
        runner.question_ask(case=case, asked_by=world.peer, text=f"More {number}?")
        Note.objects.create(meeting=world.next_meeting, author=world.peer, body=f"n{number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_stale_next_from_an_older_screen_is_refused_with_the_current_step(world, login):
    _start(world)
    url = reverse("meeting_runner_move", args=[world.next_meeting.pk])
    login(world.facilitator).post(url, {"direction": "next", "version": 1}, **JSON)
    refused = login(world.peer).post(url, {"direction": "next", "version": 1}, **JSON)
    assert refused.status_code == 400
    data = refused.json()
    assert "moved the meeting on" in data["error"]
    assert data["state"]["title"] == "Case share"


def test_notes_from_two_people_at_once_are_both_kept(world, login):
    _start(world)
    url = reverse("meeting_runner_note", args=[world.next_meeting.pk])
    login(world.facilitator).post(url, {"body": "First thought"}, **JSON)
    login(world.peer).post(url, {"body": "Second thought"}, **JSON)
    assert sorted(n.body for n in Note.objects.filter(meeting=world.next_meeting)) == [
        "First thought",
        "Second thought",
    ]


def test_an_empty_note_keeps_the_page_and_writes_nothing(world, login):
    _start(world)
    url = reverse("meeting_runner_note", args=[world.next_meeting.pk])
    response = login(world.peer).post(url, {"body": "  "})
    assert response.status_code == 400
    assert not Note.objects.filter(meeting=world.next_meeting).exists()


def test_commitment_follow_up_and_attendance_are_saved_from_the_runner(world, login, case):
    _start(world)
    client = login(world.facilitator)
    meeting = world.next_meeting
    due = meeting.local_start.date() + dt.timedelta(days=14)
    response = client.post(
        reverse("meeting_runner_commitment", args=[meeting.pk]),
        {"owner": world.member.pk, "action": "Say no once this week", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(made_at=meeting)
    assert commitment.case == case
    response = client.post(
        reverse("meeting_runner_follow_up", args=[meeting.pk, world.commitment.pk]),
        {f"fu{world.commitment.pk}-outcome": "partly", f"fu{world.commitment.pk}-reflection": "x"},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(commitment=world.commitment).meeting == meeting
    response = client.post(
        reverse("meeting_runner_attendance", args=[meeting.pk]),
        {"attended": [world.member.pk, world.facilitator.pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_a_commitment_due_before_the_meeting_is_refused_on_the_runner(world, login):
    _start(world)
    response = login(world.facilitator).post(
        reverse("meeting_runner_commitment", args=[world.next_meeting.pk]),
        {
            "owner": world.member.pk,
            "action": "Too late",
            "due_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "cannot be before the meeting" in response.content.decode()
    assert not Commitment.objects.filter(made_at=world.next_meeting).exists()


def test_the_runner_shows_earlier_commitments_for_follow_up(world, login):
    _start(world)
    body = login(world.member).get(reverse("meeting_runner", args=[world.next_meeting.pk]))
    assert SECRET_ACTION in body.content.decode()


def test_finishing_stops_the_run(world, login):
    _start(world)
    client = login(world.facilitator)
    assert (
        client.post(
            reverse("meeting_runner_finish", args=[world.next_meeting.pk]), {"confirm": "yes"}
        ).status_code
        == 302
    )
    run = MeetingRun.objects.get(meeting=world.next_meeting)
    assert run.finished_at is not None
    refused = client.post(
        reverse("meeting_runner_move", args=[world.next_meeting.pk]), {"direction": "next"}
    )
    assert refused.status_code == 400


RUNNER_GETS = ["meeting_runner", "meeting_runner_live"]
RUNNER_POSTS = [
    "meeting_runner_start",
    "meeting_runner_move",
    "meeting_runner_timer",
    "meeting_runner_order",
    "meeting_runner_clients",
    "meeting_runner_question",
    "meeting_runner_note",
    "meeting_runner_case",
    "meeting_runner_commitment",
    "meeting_runner_attendance",
    "meeting_runner_finish",
    "meeting_runner_agenda",
]


@pytest.mark.parametrize(
    "persona", ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
)
def test_the_runner_is_for_the_circles_members_only(world, login, persona, case):
    runner.question_ask(case=case, asked_by=world.peer, text="A private question?")
    client = login(getattr(world, persona))
    member = persona in {"member", "facilitator"}
    for name in RUNNER_GETS:
        response = client.get(reverse(name, args=[world.next_meeting.pk]))
        assert response.status_code == (200 if member else 404), name
        if not member:
            assert b"A private question" not in response.content
    for name in RUNNER_POSTS:
        response = client.post(reverse(name, args=[world.next_meeting.pk]), {})
        assert response.status_code in ({302, 400} if member else {404}), name
    follow_up = reverse(
        "meeting_runner_follow_up", args=[world.next_meeting.pk, world.commitment.pk]
    )
    assert client.post(follow_up, {}).status_code in ({400} if member else {404})


def test_anonymous_visitors_are_sent_to_sign_in_from_the_runner(world, client):
    for name in RUNNER_GETS:
        response = client.get(reverse(name, args=[world.next_meeting.pk]))
        assert response.status_code == 302
    for name in RUNNER_POSTS:
        assert client.post(reverse(name, args=[world.next_meeting.pk])).status_code == 302
    assert not MeetingRun.objects.exists()


def test_a_first_meeting_suggests_the_kickoff_agenda_and_members_can_choose_it(world, login):
    meeting = world.past_meeting  # the circle's first meeting
    client = login(world.member)
    body = client.get(reverse("meeting_runner", args=[meeting.pk])).content.decode()
    kickoff = AgendaTemplate.objects.get(organisation=world.org, builtin_key="kickoff")
    assert "This is the circle's first meeting" in body
    assert f'<option value="{kickoff.pk}" selected>' in body
    response = client.post(
        reverse("meeting_runner_agenda", args=[meeting.pk]), {"template": kickoff.pk}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_template == kickoff


def test_an_agenda_of_another_programme_or_a_running_meeting_cannot_be_chosen(world, login):
    from circles.meetings.agenda.services import agenda_template_copy
    from circles.testing import make_person, make_programme

    other = make_programme(world.org, [make_person(world.org, role="lead")])
    theirs = agenda_template_copy(
        source=AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle"),
        programme=other,
    )
    url = reverse("meeting_runner_agenda", args=[world.next_meeting.pk])
    client = login(world.member)
    assert client.post(url, {"template": theirs.pk}).status_code == 400
    _start(world)
    troika = AgendaTemplate.objects.get(organisation=world.org, builtin_key="troika")
    refused = client.post(url, {"template": troika.pk})
    assert refused.status_code == 400
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.agenda_template.builtin_key == "circle"


def test_the_runner_page_makes_the_same_number_of_queries_whatever_was_said(world, login, case):
    _start(world)
    client = login(world.member)
    url = reverse("meeting_runner", args=[world.next_meeting.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(6):
        runner.question_ask(case=case, asked_by=world.peer, text=f"Question {number}?")
        Note.objects.create(meeting=world.next_meeting, author=world.peer, body=f"Note {number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_finishing_passes_the_case_on_to_whoever_brought_one_longest_ago(world, case):
    from circles.testing import schedule

    later = schedule(world.circle, days=17, facilitator=world.peer)
    world.next_meeting.case_giver = world.member
    world.next_meeting.save()
    run = _start(world)
    runner.run_finish(run=run, by=world.facilitator)
    later.refresh_from_db()
    # The member just shared a case and the peer facilitates next time.
    assert later.case_giver == world.facilitator


def test_finishing_keeps_a_case_giver_the_circle_already_chose(world):
    from circles.testing import schedule

    later = schedule(world.circle, days=17, facilitator=world.peer)
    later.case_giver = world.member
    later.save()
    runner.run_finish(run=_start(world), by=world.facilitator)
    later.refresh_from_db()
    assert later.case_giver == world.member


def test_finishing_rotates_the_roles_of_the_next_meeting(world):
    from circles.meetings.record.services import attendance_record
    from circles.testing import schedule

    later = schedule(world.circle, days=17, facilitator=world.facilitator)
    run = _start(world)
    attendance_record(
        meeting=world.next_meeting,
        recorded_by=world.facilitator,
        attended_ids={world.member.pk, world.facilitator.pk, world.peer.pk},
    )
    runner.run_finish(run=run, by=world.facilitator)
    later.refresh_from_db()
    roles = {later.facilitator_id, later.host_id, later.note_taker_id}
    assert later.facilitator_id != world.facilitator.pk
    assert roles == {world.member.pk, world.facilitator.pk, world.peer.pk}


def test_a_member_who_left_during_the_meeting_drops_out_of_the_lists(world, login):
    from circles.groups.models import Membership
    from circles.groups.services import membership_end

    _start(world)
    membership_end(membership=Membership.objects.get(circle=world.circle, person=world.peer))
    data = login(world.member).get(reverse("meeting_runner_live", args=[world.next_meeting.pk]))
    assert "" not in data.json()["state"]["quiet"]
    assert "Pat Peer" not in data.json()["state"]["quiet"]
    page = login(world.member).get(reverse("meeting_runner", args=[world.next_meeting.pk]))
    assert "Pat Peer" not in page.content.decode()
