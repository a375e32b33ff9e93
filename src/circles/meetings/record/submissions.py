"""What the meeting page and the runner both record: one form, one service call, one place.

Each function validates the posted data, calls the service and returns ``None`` on success or
the bound form carrying the errors (from the form or from the service) to show again.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from circles.growth.commitments import services as growth_services
from circles.growth.commitments.forms import CommitmentForm, FollowUpForm
from circles.growth.models import Commitment
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error
from circles.meetings.models import Meeting
from circles.meetings.record import services
from circles.meetings.record.forms import AttendanceForm, CaseForm, NoteForm
from circles.orgs.models import Person

# A submission for the meeting as a whole (not one commitment): how both pages call them.
Submission = Callable[[Meeting, Person, QueryDict], forms.Form | None]


def members_of(meeting: Meeting) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__circle_id=meeting.circle_id, memberships__left_on__isnull=True
    ).order_by("full_name")


def submit_case(meeting: Meeting, person: Person, data: QueryDict) -> CaseForm | None:
    form = CaseForm(data, members=members_of(meeting))
    if form.is_valid():
        try:
            services.case_record(meeting=meeting, recorded_by=person, **form.cleaned_data)
            return None
        except DomainError as error:
            add_domain_error(form, error)
    return form


def submit_note(meeting: Meeting, person: Person, data: QueryDict) -> NoteForm | None:
    form = NoteForm(data)
    if form.is_valid():
        try:
            services.note_add(meeting=meeting, author=person, body=form.cleaned_data["body"])
            return None
        except DomainError as error:
            add_domain_error(form, error)
    return form


def submit_attendance(meeting: Meeting, person: Person, data: QueryDict) -> AttendanceForm | None:
    form = AttendanceForm(data, members=members_of(meeting))
    if form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                recorded_by=person,
                attended_ids={p.pk for p in form.cleaned_data["attended"]},
            )
            return None
        except DomainError as error:
            add_domain_error(form, error)
    return form


def submit_commitment(meeting: Meeting, person: Person, data: QueryDict) -> CommitmentForm | None:
    form = CommitmentForm(data, members=members_of(meeting))
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        # The commitment answers the owner's own case in this meeting, when there is one.
        case = meeting.cases.filter(giver=owner).order_by("pk").first()
        try:
            growth_services.commitment_create(
                meeting=meeting, recorded_by=person, case=case, **form.cleaned_data
            )
            return None
        except DomainError as error:
            add_domain_error(form, error)
    return form


def submit_follow_up(
    meeting: Meeting, person: Person, commitment: Commitment, data: QueryDict
) -> FollowUpForm | None:
    form = FollowUpForm(data, prefix=f"fu{commitment.pk}")
    if form.is_valid():
        try:
            growth_services.commitment_follow_up(
                commitment=commitment, recorded_by=person, meeting=meeting, **form.cleaned_data
            )
            return None
        except DomainError as error:
            add_domain_error(form, error)
    return form
