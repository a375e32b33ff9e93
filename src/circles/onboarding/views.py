"""Onboarding pages: a programme's new-hire circles for its leads; hosting for everyone."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.formation.models import FormationRun
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Programme
from circles.orgs.selectors import programmes_visible_to

from . import services
from .forms import OnboardingForm, VolunteerForm
from .models import OnboardingProgramme, Volunteer


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    programme = programmes_visible_to(current_person(request)).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


@require_http_methods(["GET", "POST"])
@person_required
def onboarding_manage(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _programme(request, programme_id)
    settings = OnboardingProgramme.objects.filter(programme=programme).first()
    initial = {"window_days": 60, "every_days": 28}
    if settings is not None:
        initial = {"window_days": settings.window_days, "every_days": settings.every_days}
    form = OnboardingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.onboarding_configure(programme=programme, by=person, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Onboarding settings saved."))
                return redirect("onboarding_manage", programme.pk)
        status = 400
    today = timezone.localdate()
    hires = services.new_hires(settings, today) if settings else None
    hosts = services.available_volunteers(settings, today) if settings else None
    return render(
        request,
        "onboarding/manage.html",
        {
            "programme": programme,
            "settings": settings,
            "form": form,
            "hires": list(hires.order_by("start_date", "pk")[:100]) if hires is not None else [],
            "hire_count": hires.count() if hires is not None else 0,
            "host_count": hosts.count() if hosts is not None else 0,
            "runs": FormationRun.objects.filter(programme=programme).order_by("-created_at")[:5],
        },
        status=status,
    )


@require_POST
@person_required
def onboarding_propose(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _programme(request, programme_id)
    try:
        run = services.onboarding_form(programme=programme, started_by=person)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("onboarding_manage", programme.pk)
    return redirect("formation_detail", programme.pk, run.pk)


@require_http_methods(["GET", "POST"])
@person_required
def volunteer_settings(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    hosting = Volunteer.objects.filter(person=person).exists()
    form = VolunteerForm(request.POST or None, initial={"hosting": hosting})
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "onboarding/host.html", {"form": form}, status=400)
        if form.cleaned_data["hosting"]:
            services.volunteer_opt_in(person=person)
            messages.success(request, _("Thank you: you may be asked to host new colleagues."))
        else:
            services.volunteer_opt_out(person=person)
            messages.success(request, _("You are no longer a host for new colleagues."))
        return redirect("volunteer_settings")
    return render(request, "onboarding/host.html", {"form": form, "hosting": hosting})
