"""Writes about what happens in a meeting: the case, notes and attendance."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.groups.selectors import circles_with_content_access, current_member_ids
from circles.lib import events
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Case, Meeting, Note, Question
from circles.orgs.models import Person


def _require_member(meeting: Meeting, person: Person, refusal: str) -> None:
    """``refusal``: the sentence a person who is not a member reads."""
    if person.pk not in current_member_ids(meeting.circle):
        raise DomainError(refusal)


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
    _require_member(meeting, recorded_by, _("Only members of the circle can record a case."))
    if giver.pk not in current_member_ids(meeting.circle):
        raise DomainError(_("The case giver must be a member of the circle."), field="giver")
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("This meeting was cancelled."))
    if not title.strip() or not situation.strip():
        raise DomainError(_("A case needs a title and a situation."))
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
    _require_member(meeting, author, _("Only members of the circle can write notes."))
    if not body.strip():
        raise DomainError(_("A note cannot be empty."), field="body")
    return Note.objects.create(meeting=meeting, author=author, body=body.strip())


@transaction.atomic
def attendance_record(*, meeting: Meeting, recorded_by: Person, attended_ids: set[int]) -> None:
    """Mark who came; everyone else expected is marked absent and the meeting counts as held."""
    _require_member(meeting, recorded_by, _("Only members of the circle can record attendance."))
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
        events.publish([events.meeting_event(events.MEETING_HELD, meeting)])


# --- correcting what was written: authors (and, for notes, the note taker) -----------------


def _require_content_access(meeting: Meeting, person: Person, refusal: str) -> None:
    if not circles_with_content_access(person).filter(pk=meeting.circle_id).exists():
        raise DomainError(refusal)


def may_change_note(note: Note, person: Person) -> bool:
    return person.pk in {note.author_id, note.meeting.note_taker_id}


def may_change_question(question: Question, person: Person) -> bool:
    return question.asked_by_id == person.pk


@transaction.atomic
def note_edit(*, note: Note, by: Person, body: str) -> Note:
    """The author or the meeting's note taker corrects a note; the circle sees it was edited."""
    note = Note.objects.select_for_update().select_related("meeting").get(pk=note.pk)
    _require_content_access(note.meeting, by, _("Only members of the circle can correct notes."))
    if not may_change_note(note, by):
        raise DomainError(_("Only the note's author or the note taker can change it."))
    body = body.strip()
    if not body:
        raise DomainError(_("A note cannot be empty: delete it instead."), field="body")
    if body != note.body:
        note.body = body
        note.edited_at = timezone.now()
        note.edited_by = by
        note.save(update_fields=["body", "edited_at", "edited_by"])
    return note


@transaction.atomic
def note_delete(*, note: Note, by: Person) -> None:
    note = Note.objects.select_for_update().select_related("meeting").get(pk=note.pk)
    _require_content_access(note.meeting, by, _("Only members of the circle can delete notes."))
    if not may_change_note(note, by):
        raise DomainError(_("Only the note's author or the note taker can delete it."))
    note.delete()


def _own_question(question: Question, person: Person, refusal: str) -> Question:
    question = (
        Question.objects.select_for_update().select_related("case__meeting").get(pk=question.pk)
    )
    _require_content_access(question.case.meeting, person, refusal)
    if question.asked_by_id != person.pk:
        raise DomainError(_("Only the person who asked a question can change it."))
    return question


@transaction.atomic
def question_edit(*, question: Question, by: Person, text: str) -> Question:
    question = _own_question(question, by, _("Only members of the circle can correct questions."))
    text = text.strip()
    if not text:
        raise DomainError(_("A question cannot be empty: delete it instead."), field="text")
    if len(text) > 1000:
        raise DomainError(_("Keep a question under 1000 characters."), field="text")
    if text != question.text:
        question.text = text
        question.edited_at = timezone.now()
        question.save(update_fields=["text", "edited_at"])
    return question


@transaction.atomic
def question_delete(*, question: Question, by: Person) -> None:
    _own_question(question, by, _("Only members of the circle can delete questions.")).delete()
