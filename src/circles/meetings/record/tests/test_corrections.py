"""Authors correct and delete what they wrote; the note taker corrects notes; nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.growth.commitments.services import commitment_create, commitment_follow_up
from circles.growth.models import Commitment
from circles.lib.errors import DomainError
from circles.meetings.models import Meeting, Note, Question
from circles.meetings.record.services import (
    case_record,
    note_add,
    note_delete,
    note_edit,
    question_delete,
    question_edit,
)
from circles.meetings.runner.services import question_ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(world):
    meeting = world.next_meeting
    Meeting.objects.filter(pk=meeting.pk).update(note_taker=world.peer)
    meeting.refresh_from_db()
    note = note_add(meeting=meeting, author=world.member, body="We agreed to try pairs")
    case = case_record(
        meeting=meeting,
        giver=world.facilitator,
        recorded_by=world.facilitator,
        kind="skill",
        title="Delegating",
        situation="I do it all myself.",
    )
    question = question_ask(case=case, asked_by=world.member, text="What would happen if?")
    commitment = commitment_create(
        meeting=meeting,
        owner=world.member,
        recorded_by=world.member,
        action="Delegate one task",
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    return note, question, commitment


def test_the_author_and_the_note_taker_correct_a_note_and_the_circle_sees_it(world, login, written):
    note, _question, _commitment = written
    note_edit(note=note, by=world.member, body="We agreed to try pairs next month")
    note_edit(note=note, by=world.peer, body="We agreed to try pairs in January")
    note.refresh_from_db()
    assert note.body == "We agreed to try pairs in January"
    assert note.edited_by == world.peer
    page = login(world.facilitator).get(reverse("meeting_detail", args=[note.meeting_id]))
    assert "edited by Pat Peer" in page.content.decode()
    with pytest.raises(DomainError, match="author or the note taker"):
        note_edit(note=note, by=world.facilitator, body="Rewritten")


def test_only_the_asker_changes_a_question(world, written):
    _note, question, _commitment = written
    question_edit(question=question, by=world.member, text="What would happen if you asked?")
    question.refresh_from_db()
    assert question.edited_at is not None
    with pytest.raises(DomainError, match="person who asked"):
        question_delete(question=question, by=world.facilitator)
    question_delete(question=question, by=world.member)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_the_owner_changes_an_open_commitment_but_not_a_followed_up_one(world, login, written):
    _note, _question, commitment = written
    client = login(world.member)
    url = reverse("commitment_edit", args=[commitment.pk])
    assert client.get(url).status_code == 200
    due = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    response = client.post(url, {"action": "Delegate two tasks", "due_on": due})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.action == "Delegate two tasks"
    assert commitment.edited_at is not None
    assert login(world.peer).post(url, {"action": "x", "due_on": due}).status_code == 404
    commitment_follow_up(
        commitment=commitment,
        meeting=commitment.made_at,
        recorded_by=world.member,
        outcome="done",
        reflection="",
    )
    refused = login(world.member).post(url, {"action": "Later change", "due_on": due})
    assert refused.status_code == 400
    assert "followed up" in refused.content.decode()


def test_deleting_asks_first_and_then_removes_it_for_everyone(world, login, written):
    note, _question, commitment = written
    client = login(world.member)
    confirm = client.get(reverse("note_delete", args=[note.pk]))
    assert "Yes, delete it" in confirm.content.decode()
    assert Note.objects.filter(pk=note.pk).exists()
    client.post(reverse("note_delete", args=[note.pk]))
    assert not Note.objects.filter(pk=note.pk).exists()
    client.post(reverse("commitment_delete", args=[commitment.pk]))
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


@pytest.mark.parametrize("persona", ["outsider", "lead", "admin", "other_admin"])
@pytest.mark.parametrize(
    "name", ["note_edit", "note_delete", "question_edit", "question_delete", "commitment_edit"]
)
def test_people_outside_the_circle_get_404_and_change_nothing(world, login, written, persona, name):
    note, question, commitment = written
    target = {"note": note, "question": question, "commitment": commitment}[name.split("_")[0]]
    client = login(getattr(world, persona))
    url = reverse(name, args=[target.pk])
    assert client.get(url).status_code == 404
    data = {"body": "x", "text": "x", "action": "x", "due_on": "2030-01-01"}
    assert client.post(url, data).status_code == 404
    assert type(target).objects.filter(pk=target.pk).exists()


def test_note_delete_refuses_others_and_a_safe_next_only(world, login, written):
    note, _question, _commitment = written
    with pytest.raises(DomainError):
        note_delete(note=note, by=world.facilitator)
    response = login(world.member).post(
        reverse("note_delete", args=[note.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"].startswith(reverse("meeting_detail", args=[note.meeting_id]))
