"""The meeting page and the forms that record what happened in a meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.growth.commitments import services as commitment_services
from circles.growth.commitments.forms import CommitmentEditForm, CommitmentForm, FollowUpForm
from circles.growth.commitments.selectors import commitments_made_at, commitments_to_follow_up
from circles.growth.models import Commitment
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required, return_to
from circles.meetings.models import Attendance, Meeting, Note, Question
from circles.meetings.record import preparation as case_prep
from circles.meetings.record import services as record_services
from circles.meetings.record import submissions
from circles.meetings.record.forms import (
    AttendanceForm,
    CaseForm,
    CaseGiverForm,
    NoteForm,
    PreparedCaseForm,
    QuestionEditForm,
    attended_initial,
)
from circles.meetings.selectors import (
    agenda_steps,
    meeting_for_page,
    meetings_visible_to,
    previous_and_next,
)
from circles.orgs.models import Person


def _visible_meeting(request: HttpRequest, meeting_id: int) -> tuple[Person, Meeting]:
    person = current_person(request)
    meeting = meeting_for_page(person, meeting_id).first()
    if meeting is None:
        # Same answer for "does not exist" and "not yours": existence is not revealed.
        raise Http404("No such meeting.")
    return person, meeting


def _page(
    request: HttpRequest,
    person: Person,
    meeting: Meeting,
    *,
    status: int = 200,
    **bound: forms.Form,
) -> HttpResponse:
    members = submissions.members_of(meeting)
    # Read once here: the case, commitment and attendance menus all offer what was read.
    list(members)
    attendances: list[Attendance] = list(meeting.attendances.all())
    cases = list(meeting.cases.all())
    default_giver = cases[0].giver_id if cases else None
    follow_ups = list(commitments_to_follow_up(meeting))
    follow_up_forms = {
        c.pk: bound.get(f"follow_up_{c.pk}") or FollowUpForm(prefix=f"fu{c.pk}") for c in follow_ups
    }
    previous, following = previous_and_next(meeting)
    context: dict[str, Any] = {
        "person": person,
        "meeting": meeting,
        "circle": meeting.circle,
        "my_roles": meeting.roles_of(person),
        "steps": agenda_steps(meeting),
        "cases": cases,
        "notes": list(meeting.notes.all()),
        "attendances": attendances,
        "commitments": list(commitments_made_at(meeting)),
        "follow_ups": [(c, follow_up_forms[c.pk]) for c in follow_ups],
        "previous_meeting": previous,
        "next_meeting": following,
        "case_form": bound.get("case_form")
        or CaseForm(members=members, initial={"giver": person.pk}),
        "note_form": bound.get("note_form") or NoteForm(),
        "commitment_form": bound.get("commitment_form")
        or CommitmentForm(members=members, initial={"owner": default_giver or person.pk}),
        "attendance_form": bound.get("attendance_form")
        or AttendanceForm(
            members=members,
            initial={"attended": attended_initial(attendances)},
        ),
        "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


def _back(meeting: Meeting, anchor: str) -> HttpResponse:
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + f"#{anchor}")


@require_GET
@person_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    return _page(request, person, meeting)


def _record(
    request: HttpRequest,
    meeting_id: int,
    submit: submissions.Submission,
    *,
    saved: str,
    anchor: str,
    slot: str,
) -> HttpResponse:
    """The shape every record form of the meeting page shares: submit, then back to its part of
    the page, or the page again with the refused form in its ``slot``."""
    person, meeting = _visible_meeting(request, meeting_id)
    form = submit(meeting, person, request.POST)
    if form is None:
        messages.success(request, saved)
        return _back(meeting, anchor)
    return _page(request, person, meeting, status=400, **{slot: form})


@require_POST
@person_required
def case_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_case,
        saved=_("Case saved."),
        anchor="case",
        slot="case_form",
    )


@require_POST
@person_required
def note_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_note,
        saved=_("Note saved."),
        anchor="notes",
        slot="note_form",
    )


@require_POST
@person_required
def attendance_update(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_attendance,
        saved=_("Attendance saved."),
        anchor="attendance",
        slot="attendance_form",
    )


@require_POST
@person_required
def commitment_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_commitment,
        saved=_("Commitment saved."),
        anchor="commitments",
        slot="commitment_form",
    )


@require_POST
@person_required
def follow_up_create(request: HttpRequest, meeting_id: int, commitment_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    commitment = get_object_or_404(
        Commitment.objects.filter(circle_id=meeting.circle_id), pk=commitment_id
    )
    form = submissions.submit_follow_up(meeting, person, commitment, request.POST)
    if form is None:
        messages.success(request, _("Follow-up saved."))
        return _back(meeting, "follow-up")
    return _page(request, person, meeting, status=400, **{f"follow_up_{commitment.pk}": form})


# Preparing the case before a meeting, and choosing who shares it.


def _preparation_meeting(request: HttpRequest, meeting_id: int) -> tuple[Person, Meeting]:
    person = current_person(request)
    meeting = (
        meetings_visible_to(person)
        .filter(pk=meeting_id)
        .select_related("circle", "case_giver")
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return person, meeting


def _members(meeting: Meeting) -> Any:
    return Person.objects.filter(
        memberships__circle_id=meeting.circle_id, memberships__left_on__isnull=True
    ).order_by("full_name")


def _preparation_page(
    request: HttpRequest, person: Person, meeting: Meeting, *, status: int = 200, **bound: Any
) -> HttpResponse:
    mine = list(meeting.cases.filter(giver=person))
    suggestion = None if meeting.case_giver_id else case_prep.suggest_case_giver(meeting)
    return render(
        request,
        "meetings/case_prepare.html",
        {
            "meeting": meeting,
            "circle": meeting.circle,
            "person": person,
            "my_cases": mine,
            "is_giver": meeting.case_giver_id == person.pk,
            "case_form": bound.get("case_form") or PreparedCaseForm(),
            "giver_form": bound.get("giver_form")
            or CaseGiverForm(
                members=_members(meeting),
                initial={"giver": meeting.case_giver_id or suggestion},
            ),
            "suggested": suggestion,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def case_prepare(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _preparation_meeting(request, meeting_id)
    if request.method == "GET":
        return _preparation_page(request, person, meeting)
    form = PreparedCaseForm(request.POST)
    if form.is_valid():
        try:
            record_services.case_record(
                meeting=meeting, giver=person, recorded_by=person, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your case is ready. The circle can read it now."))
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _preparation_page(request, person, meeting, status=400, case_form=form)


@require_POST
@person_required
def case_giver_set(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _preparation_meeting(request, meeting_id)
    form = CaseGiverForm(request.POST, members=_members(meeting))
    if form.is_valid():
        try:
            case_prep.case_giver_choose(
                meeting=meeting, by=person, giver=form.cleaned_data["giver"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Case giver saved."))
            return redirect("case_prepare", meeting_id=meeting.pk)
    return _preparation_page(request, person, meeting, status=400, giver_form=form)


# Correcting what was written: notes and questions.


def _editable(
    request: HttpRequest,
    model: Any,
    pk: int,
    meeting_path: str,
    may_change: Callable[[Any, Person], bool],
) -> Any:
    """A record of a meeting the person can read that they may also change; else not found."""
    person = current_person(request)
    record = (
        model.objects.filter(pk=pk, **{f"{meeting_path}__in": meetings_visible_to(person)})
        .select_related(meeting_path)
        .first()
    )
    if record is None or not may_change(record, person):
        raise Http404("Nothing to change here.")
    return person, record


def _edit_page(
    request: HttpRequest,
    *,
    meeting: Meeting,
    form: forms.Form,
    title: str,
    back: str,
    delete_url: str,
    status: int = 200,
) -> HttpResponse:
    context = {
        "meeting": meeting,
        "form": form,
        "title": title,
        "back": back,
        "delete_url": delete_url,
    }
    return render(request, "meetings/record_edit.html", context, status=status)


def _delete_page(
    request: HttpRequest, *, meeting: Meeting, title: str, text: str, back: str
) -> HttpResponse:
    context = {"meeting": meeting, "title": title, "text": text, "back": back}
    return render(request, "meetings/record_delete.html", context)


def _attempt(service: Any, **kwargs: Any) -> DomainError | None:
    """Call one service; its refusal comes back as the error instead of being raised."""
    try:
        service(**kwargs)
    except DomainError as error:
        return error
    return None


@require_http_methods(["GET", "POST"])
@person_required
def note_edit(request: HttpRequest, note_id: int) -> HttpResponse:
    person, note = _editable(request, Note, note_id, "meeting", record_services.may_change_note)
    back = return_to(request, reverse("meeting_detail", args=[note.meeting_id]) + "#notes")
    form = NoteForm(request.POST or None, initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        error = _attempt(
            record_services.note_edit, note=note, by=person, body=form.cleaned_data["body"]
        )
        if error is None:
            messages.success(request, _("Note saved."))
            return redirect(back)
        add_domain_error(form, error)
    return _edit_page(
        request,
        meeting=note.meeting,
        form=form,
        title=_("Correct a note"),
        back=back,
        delete_url=reverse("note_delete", args=[note.pk]),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@person_required
def note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    person, note = _editable(request, Note, note_id, "meeting", record_services.may_change_note)
    back = return_to(request, reverse("meeting_detail", args=[note.meeting_id]) + "#notes")
    if request.method == "POST":
        error = _attempt(record_services.note_delete, note=note, by=person)
        if error is None:
            messages.success(request, _("Note deleted."))
        else:
            messages.error(request, error.message)
        return redirect(back)
    return _delete_page(
        request, meeting=note.meeting, title=_("Delete this note?"), text=note.body, back=back
    )


@require_http_methods(["GET", "POST"])
@person_required
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    person, question = _editable(
        request, Question, question_id, "case__meeting", record_services.may_change_question
    )
    meeting = question.case.meeting
    back = return_to(request, reverse("meeting_detail", args=[meeting.pk]) + "#cases")
    form = QuestionEditForm(request.POST or None, initial={"text": question.text})
    if request.method == "POST" and form.is_valid():
        error = _attempt(
            record_services.question_edit,
            question=question,
            by=person,
            text=form.cleaned_data["text"],
        )
        if error is None:
            messages.success(request, _("Question saved."))
            return redirect(back)
        add_domain_error(form, error)
    return _edit_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Correct your question"),
        back=back,
        delete_url=reverse("question_delete", args=[question.pk]),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@person_required
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    person, question = _editable(
        request, Question, question_id, "case__meeting", record_services.may_change_question
    )
    meeting = question.case.meeting
    back = return_to(request, reverse("meeting_detail", args=[meeting.pk]) + "#cases")
    if request.method == "POST":
        error = _attempt(record_services.question_delete, question=question, by=person)
        if error is None:
            messages.success(request, _("Question deleted."))
        else:
            messages.error(request, error.message)
        return redirect(back)
    return _delete_page(
        request, meeting=meeting, title=_("Delete your question?"), text=question.text, back=back
    )


@require_http_methods(["GET", "POST"])
@person_required
def commitment_edit(request: HttpRequest, commitment_id: int) -> HttpResponse:
    person, commitment = _editable(
        request,
        Commitment,
        commitment_id,
        "made_at",
        commitment_services.may_change_commitment,
    )
    meeting = commitment.made_at
    back = return_to(request, reverse("meeting_detail", args=[meeting.pk]) + "#commitments")
    form = CommitmentEditForm(
        request.POST or None, initial={"action": commitment.action, "due_on": commitment.due_on}
    )
    if request.method == "POST" and form.is_valid():
        error = _attempt(
            commitment_services.commitment_edit,
            commitment=commitment,
            by=person,
            action=form.cleaned_data["action"],
            due_on=form.cleaned_data["due_on"],
        )
        if error is None:
            messages.success(request, _("Commitment saved."))
            return redirect(back)
        add_domain_error(form, error)
    return _edit_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Change your commitment"),
        back=back,
        delete_url=reverse("commitment_delete", args=[commitment.pk]),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@person_required
def commitment_delete(request: HttpRequest, commitment_id: int) -> HttpResponse:
    person, commitment = _editable(
        request,
        Commitment,
        commitment_id,
        "made_at",
        commitment_services.may_change_commitment,
    )
    meeting = commitment.made_at
    back = return_to(request, reverse("meeting_detail", args=[meeting.pk]) + "#commitments")
    if request.method == "POST":
        error = _attempt(commitment_services.commitment_delete, commitment=commitment, by=person)
        if error is None:
            messages.success(request, _("Commitment deleted."))
        else:
            messages.error(request, error.message)
        return redirect(back)
    return _delete_page(
        request,
        meeting=meeting,
        title=_("Delete your commitment?"),
        text=commitment.action,
        back=back,
    )
