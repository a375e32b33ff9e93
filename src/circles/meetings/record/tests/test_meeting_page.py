from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circles.growth.commitments.services import commitment_create
from circles.growth.models import Commitment, FollowUp
from circles.meetings.models import Attendance, Case, Meeting, Note, Question
from circles.meetings.record.services import case_record, note_add
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE

pytestmark = pytest.mark.django_db


def test_it_shows_agenda_case_notes_and_commitments(world, login):
    body = login(world.member).get(reverse("meeting_detail", args=[world.past_meeting.pk]))
    text = body.content.decode()
    for expected in ("Check-in", "Question storm", SECRET_CASE, SECRET_NOTE, SECRET_ACTION):
        assert expected in text


def test_the_next_meeting_lists_earlier_commitments_for_follow_up(world, login):
    text = login(world.member).get(reverse("meeting_detail", args=[world.next_meeting.pk]))
    assert SECRET_ACTION in text.content.decode()
    assert "Save follow-up" in text.content.decode()


def test_a_member_records_a_case(world, login):
    url = reverse("case_create", args=[world.next_meeting.pk])
    response = login(world.peer).post(
        url,
        {
            "giver": world.peer.pk,
            "kind": "skill",
            "title": "Learning to delegate",
            "situation": "I do everything myself.",
            "help_wanted": "",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(meeting=world.next_meeting)
    assert case.giver == world.peer
    assert case.title == "Learning to delegate"


def test_a_case_giver_from_another_circle_is_refused(world, login):
    url = reverse("case_create", args=[world.next_meeting.pk])
    response = login(world.member).post(
        url, {"giver": world.outsider.pk, "kind": "skill", "title": "x", "situation": "y"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Case.objects.filter(meeting=world.next_meeting).exists()


def test_a_note_is_saved_and_an_empty_one_is_refused(world, login):
    client = login(world.peer)
    url = reverse("note_create", args=[world.next_meeting.pk])
    assert client.post(url, {"body": "   "}).status_code == 400
    assert not Note.objects.filter(meeting=world.next_meeting).exists()
    assert client.post(url, {"body": "We agreed to meet in person next time."}).status_code == 302
    assert Note.objects.get(meeting=world.next_meeting).author == world.peer


def test_a_commitment_is_saved_with_its_due_date(world, login):
    due = world.next_meeting.local_start.date() + dt.timedelta(days=14)
    response = login(world.member).post(
        reverse("commitment_create", args=[world.next_meeting.pk]),
        {"owner": world.member.pk, "action": "Try a new format", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(made_at=world.next_meeting)
    assert (commitment.owner, commitment.due_on, commitment.status) == (world.member, due, "open")


def test_a_commitment_is_linked_to_the_owners_case_in_that_meeting(world, login):
    case = case_record(
        meeting=world.next_meeting,
        giver=world.peer,
        recorded_by=world.peer,
        kind="skill",
        title="t",
        situation="s",
    )
    due = world.next_meeting.local_start.date() + dt.timedelta(days=7)
    login(world.member).post(
        reverse("commitment_create", args=[world.next_meeting.pk]),
        {"owner": world.peer.pk, "action": "Step", "due_on": due.isoformat()},
    )
    assert Commitment.objects.get(made_at=world.next_meeting).case == case


def test_a_follow_up_closes_the_commitment(world, login):
    url = reverse("follow_up_create", args=[world.next_meeting.pk, world.commitment.pk])
    prefix = f"fu{world.commitment.pk}"
    response = login(world.facilitator).post(
        url, {f"{prefix}-outcome": "partly", f"{prefix}-reflection": "Half way there."}
    )
    assert response.status_code == 302
    world.commitment.refresh_from_db()
    assert world.commitment.status == "partly"
    follow_up = FollowUp.objects.get()
    assert (follow_up.meeting, follow_up.reflection) == (world.next_meeting, "Half way there.")


def test_an_unknown_outcome_is_refused_and_changes_nothing(world, login):
    url = reverse("follow_up_create", args=[world.next_meeting.pk, world.commitment.pk])
    response = login(world.member).post(url, {f"fu{world.commitment.pk}-outcome": "maybe"})
    assert response.status_code == 400
    world.commitment.refresh_from_db()
    assert world.commitment.status == "open"
    assert not FollowUp.objects.exists()


def test_attendance_marks_who_came_and_the_meeting_as_held(world, login):
    response = login(world.facilitator).post(
        reverse("attendance_update", args=[world.next_meeting.pk]),
        {"attended": [world.member.pk, world.facilitator.pk]},
    )
    assert response.status_code == 302
    statuses = dict(
        Attendance.objects.filter(meeting=world.next_meeting).values_list("person_id", "status")
    )
    assert statuses == {
        world.member.pk: "attended",
        world.facilitator.pk: "attended",
        world.peer.pk: "absent",
    }
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.HELD


def test_a_cancelled_meeting_takes_no_new_content(world, login):
    Meeting.objects.filter(pk=world.next_meeting.pk).update(status=Meeting.Status.CANCELLED)
    client = login(world.member)
    page = client.get(reverse("meeting_detail", args=[world.next_meeting.pk])).content.decode()
    assert "This meeting was cancelled." in page
    assert "Save case" not in page
    response = client.post(
        reverse("case_create", args=[world.next_meeting.pk]),
        {"giver": world.member.pk, "kind": "skill", "title": "x", "situation": "y"},
    )
    assert response.status_code == 400
    assert "cancelled" in response.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_what_it_shows(world, login):
    client = login(world.member)
    url = reverse("meeting_detail", args=[world.past_meeting.pk])
    next_url = reverse("meeting_detail", args=[world.next_meeting.pk])
    before, next_before = count_queries(client, url), count_queries(client, next_url)
    meeting = world.past_meeting
    for index in range(5):
        case = case_record(
            meeting=meeting,
            giver=world.peer,
            recorded_by=world.peer,
            kind="skill",
            title=f"Case {index}",
            situation="s",
        )
        Question.objects.create(case=case, asked_by=world.member, text="Why?")
        note_add(meeting=meeting, author=world.peer, body=f"Note {index}")
        commitment_create(
            meeting=meeting,
            owner=world.peer,
            recorded_by=world.peer,
            action=f"Step {index}",
            due_on=timezone.localdate(),
        )
    assert count_queries(client, url) == before
    # The next meeting now has five more commitments to follow up.
    assert count_queries(client, next_url) == next_before
