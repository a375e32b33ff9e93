"""Development plan pages: private to their owner, shared only item by item on purpose."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.audit.models import Action
from circles.audit.services import audit_record, audit_record_many
from circles.growth.commitments import selectors as commitment_selectors
from circles.growth.commitments import services as commitment_services
from circles.growth.models import Commitment, Goal
from circles.growth.plans import selectors, services
from circles.growth.plans.export import CareerSummary, to_markdown, to_pdf
from circles.growth.plans.forms import GoalForm, PlanForm, ShareForm, TransferCheckForm
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person

PAGE_SIZE = 20


def _plan_page(
    request: HttpRequest,
    person: Person,
    *,
    status: int = 200,
    plan_form: PlanForm | None = None,
    goal_form: GoalForm | None = None,
) -> HttpResponse:
    plan = selectors.plan_of(person)
    goals = Paginator(selectors.goals_of(person), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "growth/plan.html",
        {
            "person": person,
            "plan": plan,
            "goals": goals,
            "plan_form": plan_form or PlanForm(initial={"summary": plan.summary if plan else ""}),
            "goal_form": goal_form or GoalForm(),
            "transfer_checks": list(commitment_selectors.transfer_checks_due(person)),
        },
        status=status,
    )


@require_GET
@person_required
def plan_detail(request: HttpRequest) -> HttpResponse:
    return _plan_page(request, current_person(request))


@require_POST
@person_required
def plan_update(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, person, status=400, plan_form=form)
    services.plan_update(owner=person, summary=form.cleaned_data["summary"])
    messages.success(request, _("Plan saved."))
    return redirect("plan_detail")


@require_POST
@person_required
def goal_create(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    form = GoalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_create(
                owner=person,
                title=data["title"],
                skills=data["skills"],
                evidence=data["evidence"],
                shared_with_circle=data["shared_with_circle"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Goal added."))
            return redirect("plan_detail")
    return _plan_page(request, person, status=400, goal_form=form)


def _own_goal(person: Person, goal_id: int) -> Goal:
    goal = selectors.own_goal(person, goal_id)
    if goal is None:
        raise Http404("No such goal.")
    return goal


@require_http_methods(["GET", "POST"])
@person_required
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    person = current_person(request)
    goal = _own_goal(person, goal_id)
    if request.method == "POST" and "delete" in request.POST:
        services.goal_delete(goal=goal, owner=person)
        messages.success(request, _("Goal deleted."))
        return redirect("plan_detail")
    form = GoalForm(
        request.POST or None,
        initial={
            "title": goal.title,
            "skills": goal.skills,
            "evidence": goal.evidence,
            "status": goal.status,
            "shared_with_circle": goal.shared_with_circle,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.goal_update(goal=goal, owner=person, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Goal saved."))
                return redirect("plan_detail")
        status = 400
    commitments = commitment_selectors.own_commitments(person).filter(goal=goal)
    commitments = commitments.select_related("circle")
    return render(
        request,
        "growth/goal_edit.html",
        {"person": person, "goal": goal, "form": form, "commitments": commitments[:50]},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def transfer_check_answer(request: HttpRequest, check_id: int) -> HttpResponse:
    person = current_person(request)
    check = commitment_selectors.own_transfer_check(person, check_id)
    if check is None:
        raise Http404("No such check.")
    form = TransferCheckForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                commitment_services.transfer_check_answer(
                    check=check, owner=person, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Thank you: your answer is saved."))
                return redirect("my_commitments")
        status = 400
    return render(
        request,
        "growth/transfer_check.html",
        {"person": person, "check": check, "form": form},
        status=status,
    )


def _share_form(person: Person, data: Any = None, initial: Any = None) -> ShareForm:
    return ShareForm(
        data,
        initial=initial,
        goals=selectors.goals_of(person),
        commitments=commitment_selectors.own_commitments(person)
        .select_related("circle")
        .order_by("-due_on", "-pk"),
    )


@require_http_methods(["GET", "POST"])
@person_required
def career_share(request: HttpRequest) -> HttpResponse:
    """Pick items for a career conversation: share them with the manager, or export them."""
    person = current_person(request)
    plan = selectors.plan_of(person)
    goal_ids, commitment_ids = selectors.manager_shares_of(person)
    shared_summary = (
        plan is not None
        and plan.summary_shared_with_id is not None
        and plan.summary_shared_with_id == person.manager_id
    )
    initial = {"summary": shared_summary, "goals": goal_ids, "commitments": commitment_ids}
    form = _share_form(person, request.POST or None, initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = services.manager_share_set(
                    owner=person,
                    summary=form.cleaned_data["summary"],
                    goal_ids={g.pk for g in form.cleaned_data["goals"]},
                    commitment_ids={c.pk for c in form.cleaned_data["commitments"]},
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s item shared.", "%(count)s items shared.", count)
                    % {"count": count},
                )
                return redirect("career_share")
        status = 400
    return render(
        request,
        "growth/career_share.html",
        {"person": person, "form": form, "manager": person.manager},
        status=status,
    )


@require_GET
@person_required
def career_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Only the items ticked in the query string, so nothing leaves by default."""
    if fmt not in {"md", "pdf"}:
        raise Http404("No such format.")
    person = current_person(request)
    form = _share_form(person, request.GET)
    if not form.is_valid():
        return HttpResponse(_("Choose only your own goals and commitments."), status=400)
    plan = selectors.plan_of(person)
    commitments = list(
        commitment_selectors.with_check_ins(
            Commitment.objects.filter(pk__in=[c.pk for c in form.cleaned_data["commitments"]])
        ).order_by("due_on", "pk")
    )
    data = CareerSummary(
        name=person.full_name,
        made_on=timezone.localdate(),
        summary=plan.summary if plan and form.cleaned_data["summary"] else "",
        goals=list(form.cleaned_data["goals"]),
        commitments=commitments,
    )
    if fmt == "pdf":
        response = HttpResponse(to_pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="development-summary.pdf"'
    else:
        response = HttpResponse(to_markdown(data), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="development-summary.md"'
    response["Cache-Control"] = "no-store"
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.CAREER_EXPORTED,
        target=person,
        summary=f"Exported their career-conversation summary as {fmt.upper()}",
        details={
            "format": fmt,
            "goals": len(data.goals),
            "commitments": len(commitments),
            "summary": bool(data.summary),
        },
    )
    return response


@require_GET
@person_required
def shared_with_me(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    reports = selectors.shared_with_manager(person)
    # A manager reading a report's plan is a read of that person's data: logged per report.
    audit_record_many(
        organisation_id=person.organisation_id,
        action=Action.SHARED_PLAN_VIEWED,
        targets=[report.person for report in reports],
        summary="Read what they shared for a career conversation",
    )
    return render(
        request,
        "growth/shared_with_me.html",
        {"person": person, "reports": reports},
    )
