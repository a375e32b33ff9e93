"""Pages for forming a programme's circles: choose, watch progress, adjust, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.enrolment.selectors import enrolled_count, settings_of
from circles.groups.models import Circle
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to

from . import services
from .forms import AdjustForm, FormationForm
from .models import FormationRun
from .selectors import overall_mix, proposal_page


def _programme(request: HttpRequest, programme_id: int) -> tuple[Person, Programme]:
    person = current_person(request)
    programme = programmes_visible_to(person).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return person, programme


def _run(programme: Programme, run_id: int) -> FormationRun:
    run = programme.formation_runs.filter(pk=run_id).first()
    if run is None:
        raise Http404("No such formation run.")
    return run


@require_http_methods(["GET", "POST"])
@person_required
def formation_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    person, programme = _programme(request, programme_id)
    defaults = services.default_options(programme)
    # Programmes that take enrolments form circles from the people who enrolled, by default.
    takes_enrolments = settings_of(programme) is not None
    pool = "enrolled" if takes_enrolments else "everyone"
    if request.GET.get("participants") in {"enrolled", "everyone"} and takes_enrolments:
        pool = request.GET["participants"]
    form = FormationForm(
        request.POST or None,
        programme=programme,
        enrolled=enrolled_count(programme) if takes_enrolments else None,
        initial={
            **defaults,
            **{f"weight_{k}": v for k, v in defaults["weights"].items()},
            "participants": pool,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.formation_start(
                programme=programme,
                started_by=person,
                people=services.participants(programme, **form.filters()),
                options=form.options(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            services.formation_dispatch(run=run)
            return redirect("formation_detail", programme_id=programme.pk, run_id=run.pk)
    status = 400 if request.method == "POST" else 200
    runs = list(programme.formation_runs.all()[:10])
    return render(
        request,
        "formation/new.html",
        {"programme": programme, "form": form, "runs": runs},
        status=status,
    )


@require_GET
@person_required
def formation_detail(request: HttpRequest, programme_id: int, run_id: int) -> HttpResponse:
    _person, programme = _programme(request, programme_id)
    run = _run(programme, run_id)
    context: dict[str, object] = {"programme": programme, "run": run}
    if run.status in {FormationRun.Status.DONE, FormationRun.Status.PUBLISHED}:
        page = Paginator(range(len(run.groups)), 24).get_page(request.GET.get("page"))
        context["page"] = page
        context["circles"] = proposal_page(run, list(page.object_list))
        context["mix"] = overall_mix(run)
        context["short_circles"] = services.short_circles(run)
    return render(request, "formation/detail.html", context)


@require_GET
@person_required
def formation_status(request: HttpRequest, programme_id: int, run_id: int) -> JsonResponse:
    _person, programme = _programme(request, programme_id)
    run = _run(programme, run_id)
    return JsonResponse(
        {
            "status": run.status,
            "label": run.get_status_display(),
            "progress": round(run.progress, 3),
            "finished": run.is_finished,
            "message": run.message,
        }
    )


@require_POST
@person_required
def formation_adjust(request: HttpRequest, programme_id: int, run_id: int) -> HttpResponse:
    _person, programme = _programme(request, programme_id)
    run = _run(programme, run_id)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose people with the checkboxes and a circle number."))
    else:
        data = form.cleaned_data
        action = data["action"]
        try:
            services.proposal_adjust(
                run=run,
                action=action,
                selected=data["selected"],
                to_circle=data["to_circle"] - 1 if data["to_circle"] is not None else None,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(services.ADJUST_MESSAGES[action]))
    page = form.cleaned_data.get("page") if form.is_valid() else None
    suffix = f"?page={page}" if page else ""
    return redirect(f"{request.path.rsplit('/adjust', 1)[0]}/{suffix}")


@require_POST
@person_required
def formation_rerun(request: HttpRequest, programme_id: int, run_id: int) -> HttpResponse:
    person, programme = _programme(request, programme_id)
    run = _run(programme, run_id)
    try:
        new_run = services.formation_rerun(run=run, started_by=person)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("formation_detail", programme_id=programme.pk, run_id=run.pk)
    services.formation_dispatch(run=new_run)
    return redirect("formation_detail", programme_id=programme.pk, run_id=new_run.pk)


@require_POST
@person_required
def formation_publish(request: HttpRequest, programme_id: int, run_id: int) -> HttpResponse:
    person, programme = _programme(request, programme_id)
    run = _run(programme, run_id)
    try:
        circles = services.formation_publish(
            run=run, published_by=person, accept_short=request.POST.get("accept_short") == "yes"
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("formation_detail", programme_id=programme.pk, run_id=run.pk)
    planned = Circle.objects.filter(
        pk__in=[c.pk for c in circles], first_meeting_on__isnull=False
    ).count()
    published = ngettext(
        "%(count)s circle published.", "%(count)s circles published.", len(circles)
    ) % {"count": len(circles)}
    if planned == len(circles) or len(circles) > services.INLINE_RHYTHMS:
        planning = ngettext(
            "%(planned)s meets at the best time for its members, with its first meetings and "
            "roles planned.",
            "%(planned)s meet at the best time for their members, with their first meetings and "
            "roles planned.",
            planned,
        ) % {"planned": planned}
    else:
        planning = ngettext(
            "%(planned)s has its first meetings planned; in %(unplanned)s no time fits "
            "everyone's working hours, so their members choose one on the circle page.",
            "%(planned)s have their first meetings planned; in %(unplanned)s no time fits "
            "everyone's working hours, so their members choose one on the circle page.",
            planned,
        ) % {"planned": planned, "unplanned": len(circles) - planned}
    # Translators: the two sentences after publishing: "12 circles published. 12 meet at …".
    done = _("%(published)s %(planning)s") % {"published": published, "planning": planning}
    messages.success(request, done)
    return redirect("programme_detail", programme_id=programme.pk)
