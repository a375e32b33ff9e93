"""The meeting page and the forms that record what happened in a meeting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from circles.growth.forms import CommitmentForm, FollowUpForm
from circles.growth.models import Commitment
from circles.growth.selectors import commitments_made_at, commitments_to_follow_up
from circles.lib.http import current_person, person_required
from circles.orgs.models import Person

from . import submissions
from .forms import AttendanceForm, CaseForm, NoteForm
from .models import Attendance, Meeting
from .selectors import agenda_steps, meeting_for_page, previous_and_next


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
            initial={
                "attended": [
                    a.person_id for a in attendances if a.status == Attendance.Status.ATTENDED
                ]
            },
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


@require_POST
@person_required
def case_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    form = submissions.submit_case(meeting, person, request.POST)
    if form is None:
        messages.success(request, "Case saved.")
        return _back(meeting, "case")
    return _page(request, person, meeting, status=400, case_form=form)


@require_POST
@person_required
def note_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    form = submissions.submit_note(meeting, person, request.POST)
    if form is None:
        messages.success(request, "Note saved.")
        return _back(meeting, "notes")
    return _page(request, person, meeting, status=400, note_form=form)


@require_POST
@person_required
def attendance_update(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    form = submissions.submit_attendance(meeting, person, request.POST)
    if form is None:
        messages.success(request, "Attendance saved.")
        return _back(meeting, "attendance")
    return _page(request, person, meeting, status=400, attendance_form=form)


@require_POST
@person_required
def commitment_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    form = submissions.submit_commitment(meeting, person, request.POST)
    if form is None:
        messages.success(request, "Commitment saved.")
        return _back(meeting, "commitments")
    return _page(request, person, meeting, status=400, commitment_form=form)


@require_POST
@person_required
def follow_up_create(request: HttpRequest, meeting_id: int, commitment_id: int) -> HttpResponse:
    person, meeting = _visible_meeting(request, meeting_id)
    commitment = get_object_or_404(
        Commitment.objects.filter(circle_id=meeting.circle_id), pk=commitment_id
    )
    form = submissions.submit_follow_up(meeting, person, commitment, request.POST)
    if form is None:
        messages.success(request, "Follow-up saved.")
        return _back(meeting, "follow-up")
    return _page(request, person, meeting, status=400, **{f"follow_up_{commitment.pk}": form})
