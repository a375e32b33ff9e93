"""Pages for programme leads and admins: programmes and their circles, never their content."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from circles.groups import services as group_services
from circles.groups.selectors import with_current_members
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.meetings.models import Meeting

from . import services
from .forms import CircleForm, ProgrammeForm
from .models import Person, Programme
from .selectors import can_manage_programmes, programme_list, programmes_visible_to


def _managed_programme(person: Person, programme_id: int) -> Programme:
    programme = programmes_visible_to(person).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


@require_GET
@person_required
def programme_index(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not can_manage_programmes(person):
        raise Http404("No programmes to manage.")
    page = Paginator(programme_list(person), 25).get_page(request.GET.get("page"))
    return render(request, "orgs/programme_list.html", {"person": person, "page": page})


@require_http_methods(["GET", "POST"])
@person_required
def programme_create(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not can_manage_programmes(person):
        raise Http404("No programmes to manage.")
    form = ProgrammeForm(
        request.POST or None, initial={"ground_rules": services.DEFAULT_GROUND_RULES}
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                organisation=person.organisation, leads=[person], **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Programme “{programme.name}” created.")
            return redirect("programme_detail", programme_id=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "orgs/programme_form.html", {"form": form}, status=status)


@require_GET
@person_required
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _managed_programme(person, programme_id)
    circles = with_current_members(
        programme.circles.annotate(
            meetings_held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD))
        ).order_by("name")
    )
    page = Paginator(circles, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/programme_detail.html",
        {
            "person": person,
            "programme": programme,
            "page": page,
            "leads": list(programme.leads.all()),
        },
    )


@require_http_methods(["GET", "POST"])
@person_required
def circle_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _managed_programme(person, programme_id)
    form = CircleForm(
        request.POST or None,
        organisation_id=person.organisation_id,
        initial={"time_zone": person.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            circle = group_services.circle_create(
                programme=programme,
                name=data["name"],
                members=data["member_emails"],
                time_zone=data["time_zone"],
                video_url=data["video_url"],
                location=data["location"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Circle “{circle.name}” created.")
            return redirect("programme_detail", programme_id=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "orgs/circle_form.html", {"form": form, "programme": programme}, status=status
    )
