"""Preparing the case before a meeting, and choosing who shares it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person

from . import case_prep, services
from .forms import MemberChoiceField
from .models import Case, Meeting
from .selectors import meetings_visible_to


class PreparedCaseForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Case.Kind.choices, widget=forms.RadioSelect, label="What will you bring"
    )
    title = forms.CharField(max_length=200, label="In a few words")
    situation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        label="The situation",
        help_text="What happened or what is at stake, who is involved, what you tried.",
    )
    help_wanted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label="The help you want from the circle",
        help_text="For example: questions that help me see my part in it.",
    )


class CaseGiverForm(forms.Form):
    giver = MemberChoiceField(
        queryset=Person.objects.none(), required=False, label="Who shares the case"
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = members  # type: ignore[attr-defined]


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Person, Meeting]:
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


def _page(
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
    person, meeting = _meeting(request, meeting_id)
    if request.method == "GET":
        return _page(request, person, meeting)
    form = PreparedCaseForm(request.POST)
    if form.is_valid():
        try:
            services.case_record(
                meeting=meeting, giver=person, recorded_by=person, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your case is ready. The circle can read it now.")
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _page(request, person, meeting, status=400, case_form=form)


@require_POST
@person_required
def case_giver_set(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = CaseGiverForm(request.POST, members=_members(meeting))
    if form.is_valid():
        try:
            case_prep.case_giver_choose(
                meeting=meeting, by=person, giver=form.cleaned_data["giver"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Case giver saved.")
            return redirect("case_prepare", meeting_id=meeting.pk)
    return _page(request, person, meeting, status=400, giver_form=form)
