"""Pages and actions for when a circle meets: rhythm, move, cancel, decline, role swaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.groups.models import Circle
from circles.groups.selectors import circles_with_content_access
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.meetings.models import Meeting
from circles.meetings.schedule import services
from circles.meetings.schedule.forms import CancelForm, DeclineForm, MoveForm, RhythmForm, SwapForm
from circles.meetings.schedule.selectors import suggested_times
from circles.meetings.selectors import meetings_visible_to
from circles.orgs.models import Person


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Person, Meeting]:
    person = current_person(request)
    meeting = (
        meetings_visible_to(person)
        .select_related("circle", "facilitator", "host", "note_taker")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return person, meeting


def _circle(request: HttpRequest, circle_id: int) -> tuple[Person, Circle]:
    person = current_person(request)
    circle = (
        circles_with_content_access(person).select_related("programme").filter(pk=circle_id).first()
    )
    if circle is None:
        raise Http404("No such circle.")
    return person, circle


def members_of(circle: Circle) -> Any:
    return Person.objects.filter(
        memberships__circle=circle, memberships__left_on__isnull=True
    ).order_by("full_name")


def _back(meeting: Meeting) -> HttpResponse:
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#schedule")


def _refused(
    request: HttpRequest, meeting: Meeting, form: forms.Form, title: str, action: str
) -> HttpResponse:
    """Show the one form again with its errors: nothing was written."""
    context = {"meeting": meeting, "circle": meeting.circle, "form": form, "title": title}
    context["action"] = reverse(action, args=[meeting.pk])
    return render(request, "meetings/schedule_action.html", context, status=400)


@require_POST
@person_required
def meeting_move(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = MoveForm(request.POST, time_zone=meeting.time_zone)
    if form.is_valid():
        try:
            services.meeting_move(
                meeting=meeting, starts_at=form.cleaned_data["starts_at"], moved_by=person
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Meeting moved. Calendars will show the new time."))
            return _back(meeting)
    return _refused(request, meeting, form, _("Move the meeting"), "meeting_move")


@require_POST
@person_required
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, cancelled_by=person, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Meeting cancelled. Its roles pass to the next meetings."))
            return _back(meeting)
    return _refused(request, meeting, form, _("Cancel the meeting"), "meeting_cancel")


@require_POST
@person_required
def meeting_restore(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    try:
        services.meeting_restore(meeting=meeting, restored_by=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Meeting restored: it is back in everyone's calendar."))
    return _back(meeting)


@require_POST
@person_required
def meeting_decline(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        declining = bool(form.cleaned_data["declining"])
        try:
            services.attendance_decline(meeting=meeting, person=person, declining=declining)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Noted: you cannot come. Any role of yours has passed on.")
                if declining
                else _("Noted: you can come."),
            )
            return _back(meeting)
    return _refused(request, meeting, form, _("Can you come?"), "meeting_decline")


@require_POST
@person_required
def role_swap(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = SwapForm(request.POST, members=members_of(meeting.circle))
    if form.is_valid():
        try:
            services.role_swap(
                meeting=meeting,
                role=form.cleaned_data["role"],
                to_person=form.cleaned_data["to_person"],
                swapped_by=person,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Roles swapped."))
            return _back(meeting)
    return _refused(request, meeting, form, _("Swap a role"), "role_swap")


def rhythm_initial(circle: Circle, query: dict[str, str] | None = None) -> dict[str, Any]:
    """The rhythm form's starting values: the circle's rhythm, or a suggested time from a link."""
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "cadence": circle.cadence,
        "meeting_weekday": circle.meeting_weekday if circle.meeting_weekday is not None else 1,
        "meeting_time": circle.meeting_time or dt.time(10, 0),
        "time_zone": circle.time_zone,
        "first_meeting_on": circle.first_meeting_on or today + dt.timedelta(days=7),
        "rrule": circle.rrule,
    }
    for key in ("meeting_weekday", "meeting_time"):
        if query and query.get(key):
            initial[key] = query[key]
    return initial


@require_http_methods(["GET", "POST"])
@person_required
def circle_rhythm(request: HttpRequest, circle_id: int) -> HttpResponse:
    person, circle = _circle(request, circle_id)
    if request.method == "POST":
        form = RhythmForm(request.POST)
        if form.is_valid():
            try:
                services.circle_rhythm_set(circle=circle, changed_by=person, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Rhythm saved; the next meetings are planned."))
                return redirect(reverse("circle_detail", args=[circle.pk]) + "#rhythm")
        status = 400
    else:
        form = RhythmForm(initial=rhythm_initial(circle, request.GET.dict()))
        status = 200
    context = {
        "person": person,
        "circle": circle,
        "form": form,
        "report": suggested_times(circle),
    }
    return render(request, "groups/circle_rhythm.html", context, status=status)
