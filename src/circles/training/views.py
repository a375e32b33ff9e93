"""The training path, one step's guide, and readiness for a programme's leads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from circles.lib.http import current_person, person_required
from circles.library.text import render_markdown
from circles.orgs.selectors import programmes_visible_to

from . import selectors, services
from .forms import StepForm
from .path import BY_KEY, STEPS


@require_GET
@person_required
def training_path(request: HttpRequest) -> HttpResponse:
    return render(
        request, "training/path.html", {"checklist": selectors.checklist(current_person(request))}
    )


@require_http_methods(["GET", "POST"])
@person_required
def training_step(request: HttpRequest, step: str) -> HttpResponse:
    person = current_person(request)
    guide = BY_KEY.get(step)
    if guide is None:
        raise Http404("No such step.")
    if request.method == "POST":
        form = StepForm(request.POST)
        done = form.is_valid() and form.cleaned_data["done"]
        services.training_step_complete(person=person, step=guide.key, done=done)
        messages.success(request, _("Ticked off.") if done else _("Marked as not done yet."))
        index = STEPS.index(guide)
        if done and index + 1 < len(STEPS):
            return redirect("training_step", STEPS[index + 1].key)
        return redirect("training_path")
    return render(
        request,
        "training/step.html",
        {
            "step": guide,
            # Built-in text, translated now into the reader's language; sanitised anyway.
            "body": mark_safe(render_markdown(str(guide.body))),
            "done": guide.key in selectors.steps_done(person),
            "number": STEPS.index(guide) + 1,
            "total": len(STEPS),
        },
    )


@require_GET
@person_required
def training_readiness(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = programmes_visible_to(current_person(request)).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    rows = selectors.programme_readiness(programme)
    return render(
        request,
        "training/readiness.html",
        {
            "programme": programme,
            "rows": rows,
            "ready": sum(r.ready for r in rows),
            "total": len(STEPS),
        },
    )
