"""Agenda template pages for programme leads and admins: list, choose, create, copy, edit.

Templates hold no confidential content, but they shape every meeting of a programme, so only
its leads (and the organisation's admins) change them; other people get 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.meetings.agenda import services as editing
from circles.meetings.agenda.forms import (
    ChooseForm,
    CopyForm,
    NewTemplateForm,
    StepFormSet,
    TemplateForm,
)
from circles.meetings.models import AgendaTemplate
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to


def _programme(person: Person, programme_id: int) -> Programme:
    programme = programmes_visible_to(person).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def _listing(
    request: HttpRequest, programme: Programme, *, status: int = 200, **extra: Any
) -> HttpResponse:
    templates = list(editing.templates_for_programme(programme))
    rows = []
    for template in templates:
        steps = list(template.steps.all())
        total = editing.template_total(template, steps)
        rows.append(
            {
                "template": template,
                "steps": steps,
                "total": total,
                "fits": total <= programme.meeting_minutes,
                "chosen": template.pk == programme.agenda_template_id,
            }
        )
    context = {
        "programme": programme,
        "rows": rows,
        "new_form": extra.pop("new_form", None) or NewTemplateForm(),
        **extra,
    }
    return render(request, "meetings/agenda_list.html", context, status=status)


@require_GET
@person_required
def agenda_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(current_person(request), programme_id)
    return _listing(request, programme)


def _template_of(programme: Programme, template_id: int) -> AgendaTemplate:
    template = editing.templates_for_programme(programme).filter(pk=template_id).first()
    if template is None:
        raise Http404("No such agenda template.")
    return template


@require_POST
@person_required
def agenda_choose(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(current_person(request), programme_id)
    form = ChooseForm(request.POST)
    if not form.is_valid():
        return _listing(request, programme, status=400, error=_("Choose a template."))
    template = _template_of(programme, form.cleaned_data["template"])
    try:
        editing.programme_agenda_choose(programme=programme, template=template)
    except DomainError as error:
        return _listing(request, programme, status=400, error=error.message)
    messages.success(
        request,
        _("New meetings of this programme follow “%(template)s”.") % {"template": template.name},
    )
    return redirect("agenda_list", programme_id=programme.pk)


@require_POST
@person_required
def agenda_copy(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(current_person(request), programme_id)
    form = CopyForm(request.POST)
    if not form.is_valid():
        return _listing(request, programme, status=400, error=_("Choose a template to copy."))
    source = _template_of(programme, form.cleaned_data["template"])
    try:
        copy = editing.agenda_template_copy(source=source, programme=programme)
    except DomainError as error:
        return _listing(request, programme, status=400, error=error.message)
    messages.success(
        request, _("Copied as “%(template)s”: adapt it below.") % {"template": copy.name}
    )
    return redirect("agenda_edit", programme_id=programme.pk, template_id=copy.pk)


@require_POST
@person_required
def agenda_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(current_person(request), programme_id)
    form = NewTemplateForm(request.POST)
    if form.is_valid():
        try:
            template = editing.agenda_template_create(
                programme=programme, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Template “%(template)s” created: add its steps.") % {"template": template.name},
            )
            return redirect("agenda_edit", programme_id=programme.pk, template_id=template.pk)
    return _listing(request, programme, status=400, new_form=form)


def _step_initial(template: AgendaTemplate) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "kind": s.kind,
            "minutes": s.minutes,
            "prompt": s.prompt,
            "lead_role": s.lead_role,
            "case_giver_silent": s.case_giver_silent,
            "round_mode": s.round_mode,
            "ORDER": s.position,
        }
        for s in template.steps.all()
    ]


@require_http_methods(["GET", "POST"])
@person_required
def agenda_edit(request: HttpRequest, programme_id: int, template_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _programme(person, programme_id)
    template = editing.editable_template(person, programme.pk, template_id)
    initial = _step_initial(template)
    if request.method == "POST":
        form = TemplateForm(request.POST)
        steps = StepFormSet(request.POST, initial=initial, prefix="steps")
        if form.is_valid() and steps.is_valid():
            try:
                editing.agenda_template_save(
                    template=template, steps=steps.steps(), **form.cleaned_data
                )
            except DomainError as error:
                if error.field == "steps":
                    steps._non_form_errors = steps.error_class([error.message])
                else:
                    add_domain_error(form, error)
            else:
                messages.success(request, _("Template saved."))
                return redirect("agenda_edit", programme_id=programme.pk, template_id=template.pk)
        status = 400
    else:
        form = TemplateForm(
            initial={
                "name": template.name,
                "description": template.description,
                "meeting_minutes": template.meeting_minutes,
                "planned_people": template.planned_people,
                "planned_clients": template.planned_clients,
            }
        )
        steps = StepFormSet(initial=initial, prefix="steps")
        status = 200
    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "programme": programme,
            "template": template,
            "form": form,
            "steps": steps,
            "total": editing.template_total(template),
        },
        status=status,
    )
