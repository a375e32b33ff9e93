"""Pages to give feedback after a meeting, answer the pilot questionnaire, and run it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.insights.selectors import threshold_for
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.meetings.models import Meeting
from circles.meetings.selectors import meetings_visible_to
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to

from . import services
from .forms import PulseForm, QuestionnaireForm, RatingForm
from .models import Questionnaire
from .selectors import feedback_state, questionnaire_results


def _meeting(person: Person, meeting_id: int) -> Meeting:
    meeting = meetings_visible_to(person).select_related("circle").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


@require_http_methods(["GET", "POST"])
@person_required
def meeting_feedback(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person = current_person(request)
    meeting = _meeting(person, meeting_id)
    state = feedback_state(meeting, person)
    pulse_form = PulseForm(request.POST or None, prefix="pulse")
    rating_form = RatingForm(request.POST or None, prefix="rating")
    status = 200
    if request.method == "POST":
        wants_rating = state.is_case_giver and state.rating is None
        valid = (state.pulse is not None or pulse_form.is_valid()) and (
            not wants_rating or rating_form.is_valid()
        )
        if valid:
            try:
                if state.pulse is None:
                    services.pulse_record(meeting=meeting, person=person, **pulse_form.cleaned_data)
                if wants_rating:
                    services.rating_record(
                        meeting=meeting, giver=person, **rating_form.cleaned_data
                    )
            except DomainError as error:
                add_domain_error(pulse_form if state.pulse is None else rating_form, error)
            else:
                messages.success(request, _("Thank you. Your answers only ever count in totals."))
                return redirect("meeting_detail", meeting_id=meeting.pk)
        status = 400
    return render(
        request,
        "feedback/meeting_feedback.html",
        {
            "meeting": meeting,
            "state": state,
            "pulse_form": pulse_form,
            "rating_form": rating_form,
            "can_answer": meeting.status == Meeting.Status.HELD and state.attended,
        },
        status=status,
    )


@require_POST
@person_required
def meeting_feedback_dismiss(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person = current_person(request)
    meeting = _meeting(person, meeting_id)
    services.prompt_dismiss(meeting=meeting, person=person)
    messages.success(request, _("We will not ask again about this meeting."))
    return redirect("home")


def _open_round(person: Person, questionnaire_id: int) -> Questionnaire:
    questionnaire = (
        Questionnaire.objects.select_related("programme")
        .filter(pk=questionnaire_id, organisation_id=person.organisation_id)
        .first()
    )
    if questionnaire is None or not services.takes_part(questionnaire.programme_id, person):
        raise Http404("No such questionnaire.")
    return questionnaire


@require_http_methods(["GET", "POST"])
@person_required
def questionnaire_answer(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    person = current_person(request)
    questionnaire = _open_round(person, questionnaire_id)
    answered = questionnaire.respondents.filter(person=person).exists()
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.questionnaire_answer(
                questionnaire=questionnaire, person=person, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answer was stored without your name."))
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "feedback/questionnaire_answer.html",
        {"questionnaire": questionnaire, "form": form, "answered": answered},
        status=status,
    )


def _managed(person: Person, programme_id: int) -> Programme:
    programme = (
        programmes_visible_to(person).select_related("organisation").filter(pk=programme_id).first()
    )
    if programme is None:
        raise Http404("No such programme.")
    return programme


@require_GET
@person_required
def questionnaire_manage(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _managed(person, programme_id)
    threshold = threshold_for(programme)
    rounds = list(programme.questionnaires.all()[:12])
    return render(
        request,
        "feedback/questionnaire_manage.html",
        {
            "programme": programme,
            "open_round": next((q for q in rounds if q.is_open), None),
            "results": [questionnaire_results(q, threshold=threshold) for q in rounds],
        },
    )


@require_POST
@person_required
def questionnaire_toggle(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _managed(person, programme_id)
    open_round = programme.questionnaires.filter(closed_at__isnull=True).first()
    try:
        if open_round is None:
            services.questionnaire_open(programme=programme, opened_by=person)
            messages.success(request, _("The questionnaire is open to everyone in the programme."))
        else:
            services.questionnaire_close(questionnaire=open_round)
            messages.success(request, _("The questionnaire is closed."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("questionnaire_manage", programme_id=programme.pk)
