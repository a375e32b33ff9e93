"""Commitment pages: a member's own commitments with check-ins, and a circle's open ones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from circles.groups.selectors import circles_with_content_access
from circles.growth.commitments import selectors, services
from circles.growth.commitments.forms import CheckInForm, GoalLinkForm
from circles.growth.models import Commitment
from circles.growth.plans import selectors as plan_selectors
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person

PAGE_SIZE = 20


def _own_commitment(person: Person, commitment_id: int) -> Commitment:
    commitment = selectors.own_commitment(person, commitment_id)
    if commitment is None:
        # Someone else's commitment and a missing one look the same.
        raise Http404("No such commitment.")
    return commitment


def _my_commitments_page(
    request: HttpRequest, person: Person, *, status: int = 200, **bound: Any
) -> HttpResponse:
    today = timezone.localdate()
    soon = selectors.due_soon_until(today)
    page = Paginator(selectors.my_open_commitments(person), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    closed = Paginator(selectors.my_closed_commitments(person), PAGE_SIZE).get_page(
        request.GET.get("closed")
    )
    goals = plan_selectors.goals_of(person)
    goal_list = list(goals)
    rows = []
    for commitment in page:
        if commitment.due_on < today:
            group = "overdue"
        elif commitment.due_on <= soon:
            group = "due"
        else:
            group = "open"
        rows.append(
            {
                "commitment": commitment,
                "group": group,
                "check_ins": commitment.recent_check_ins[:5],  # type: ignore[attr-defined]
                "latest": next(iter(commitment.recent_check_ins), None),  # type: ignore[attr-defined]
                "check_in_form": bound.get(f"check_in_{commitment.pk}")
                or CheckInForm(prefix=f"ci{commitment.pk}"),
                "goal_form": GoalLinkForm(
                    prefix=f"g{commitment.pk}",
                    goals=goals,
                    initial={"goal": commitment.goal_id},
                ),
            }
        )
    groups = [
        ("overdue", _("Overdue"), [r for r in rows if r["group"] == "overdue"]),
        ("due", _("Due soon"), [r for r in rows if r["group"] == "due"]),
        (
            "open",
            pgettext("commitments not yet due", "Open"),
            [r for r in rows if r["group"] == "open"],
        ),
    ]
    return render(
        request,
        "growth/my_commitments.html",
        {
            "person": person,
            "groups": groups,
            "page": page,
            "closed": closed,
            "has_goals": bool(goal_list),
            "transfer_checks": list(selectors.transfer_checks_due(person, today)),
        },
        status=status,
    )


@require_GET
@person_required
def my_commitments(request: HttpRequest) -> HttpResponse:
    return _my_commitments_page(request, current_person(request))


@require_POST
@person_required
def check_in_create(request: HttpRequest, commitment_id: int) -> HttpResponse:
    person = current_person(request)
    commitment = _own_commitment(person, commitment_id)
    form = CheckInForm(request.POST, prefix=f"ci{commitment.pk}")
    if form.is_valid():
        try:
            services.check_in_record(
                commitment=commitment,
                author=person,
                update=form.cleaned_data["update"],
                percent=form.cleaned_data["percent"],
                state=form.cleaned_data["state"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Check-in saved."))
            return redirect(reverse("my_commitments") + f"#commitment-{commitment.pk}")
    return _my_commitments_page(request, person, status=400, **{f"check_in_{commitment.pk}": form})


@require_POST
@person_required
def commitment_goal_update(request: HttpRequest, commitment_id: int) -> HttpResponse:
    person = current_person(request)
    commitment = _own_commitment(person, commitment_id)
    form = GoalLinkForm(
        request.POST, prefix=f"g{commitment.pk}", goals=plan_selectors.goals_of(person)
    )
    if not form.is_valid():
        return HttpResponse(_("Choose one of your own goals."), status=400)
    try:
        services.commitment_link_goal(
            commitment=commitment, owner=person, goal=form.cleaned_data["goal"]
        )
    except DomainError as error:
        return HttpResponse(error.message, status=400)
    messages.success(request, _("Goal link saved."))
    return redirect(reverse("my_commitments") + f"#commitment-{commitment.pk}")


@require_GET
@person_required
def circle_commitments(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = (
        circles_with_content_access(person).select_related("programme").filter(pk=circle_id).first()
    )
    if circle is None:
        raise Http404("No such circle.")
    today = timezone.localdate()
    page = Paginator(selectors.circle_open_commitments(circle), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    goals = Paginator(plan_selectors.goals_shared_in_circle(circle), PAGE_SIZE).get_page(
        request.GET.get("goals")
    )
    rows = [
        {
            "commitment": c,
            "latest": next(iter(c.recent_check_ins), None),  # type: ignore[attr-defined]
            "overdue": c.due_on < today,
        }
        for c in page
    ]
    return render(
        request,
        "growth/circle_commitments.html",
        {"person": person, "circle": circle, "rows": rows, "page": page, "goals": goals},
    )
