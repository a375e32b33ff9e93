"""Agenda templates: installing the built-ins, and the templates programme leads adapt.

Built-in templates belong to the organisation and are read-only; a lead copies one into their
programme to change it. Every write checks that the steps fit the meeting length, counting a
round's minutes once per person (or per client) the template plans for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.languages.selection import organisation_language
from circles.lib.errors import DomainError
from circles.meetings.agenda.defaults import DEFAULT_STEPS, DEFAULT_TEMPLATE_NAME
from circles.meetings.agenda.library import BUILTIN_TEMPLATES, CIRCLE, TemplateSpec
from circles.meetings.models import AgendaStep, AgendaTemplate, LeadRole, RoundMode, StepKind
from circles.orgs.models import Organisation, Person, Programme
from circles.orgs.selectors import programmes_visible_to


@dataclass(frozen=True)
class StepInput:
    title: str
    minutes: int
    prompt: str = ""
    kind: str = StepKind.OTHER
    lead_role: str = LeadRole.FACILITATOR
    case_giver_silent: bool = False
    round_mode: str = RoundMode.ONCE


def step_total(steps: Iterable[StepInput | AgendaStep], *, people: int, clients: int) -> int:
    """Minutes the steps take for this many people and clients."""
    total = 0
    for step in steps:
        if step.round_mode == RoundMode.EACH_MEMBER:
            total += step.minutes * people
        elif step.round_mode == RoundMode.EACH_CLIENT:
            total += step.minutes * clients
        else:
            total += step.minutes
    return total


def template_total(template: AgendaTemplate, steps: Sequence[AgendaStep] | None = None) -> int:
    listed = list(template.steps.all()) if steps is None else steps
    return step_total(listed, people=template.planned_people, clients=template.planned_clients)


def fit_problem(
    total: int,
    *,
    meeting_minutes: int,
    people: int,
    clients: int,
    for_programme: bool = False,
) -> str | None:
    """The sentence a lead reads when the steps do not fit, or None when they do
    (``for_programme``: said of the programme's meetings rather than of this template's)."""
    if total <= meeting_minutes:
        return None
    values = {
        "total": total,
        "people": people,
        "clients": clients,
        "minutes": meeting_minutes,
        "over": total - meeting_minutes,
    }
    if for_programme:
        return (
            # Translators: the number of clients chooses the plural form; the other numbers are
            # minutes and people (several of each).
            ngettext(
                "The steps take %(total)s minutes with %(people)s people and %(clients)s client, "
                "but this programme's meetings are %(minutes)s minutes: shorten them by %(over)s "
                "minutes or lengthen the meeting.",
                "The steps take %(total)s minutes with %(people)s people and %(clients)s clients, "
                "but this programme's meetings are %(minutes)s minutes: shorten them by %(over)s "
                "minutes or lengthen the meeting.",
                clients,
            )
            % values
        )
    return (
        # Translators: the number of clients chooses the plural form; the other numbers are
        # minutes and people (several of each).
        ngettext(
            "The steps take %(total)s minutes with %(people)s people and %(clients)s client, "
            "but the meeting is %(minutes)s minutes: shorten them by %(over)s minutes or "
            "lengthen the meeting.",
            "The steps take %(total)s minutes with %(people)s people and %(clients)s clients, "
            "but the meeting is %(minutes)s minutes: shorten them by %(over)s minutes or "
            "lengthen the meeting.",
            clients,
        )
        % values
    )


# --- built-ins ---------------------------------------------------------------------------


def _step_rows(template: AgendaTemplate, steps: Sequence[StepInput]) -> list[AgendaStep]:
    return [
        AgendaStep(
            template=template,
            position=position,
            kind=step.kind,
            title=step.title,
            minutes=step.minutes,
            prompt=step.prompt,
            lead_role=step.lead_role,
            case_giver_silent=step.case_giver_silent,
            round_mode=step.round_mode,
        )
        for position, step in enumerate(steps, start=1)
    ]


def _spec_steps(spec: TemplateSpec) -> list[StepInput]:
    """The built-in's steps, their texts in the active language."""
    return [
        StepInput(
            title=str(s.title),
            minutes=s.minutes,
            prompt=str(s.prompt),
            kind=s.kind,
            lead_role=s.lead_role,
            case_giver_silent=s.case_giver_silent,
            round_mode=s.round_mode,
        )
        for s in spec.steps
    ]


@transaction.atomic
def agenda_templates_install(*, organisation: Organisation) -> list[AgendaTemplate]:
    """Give the organisation every built-in template; running it again changes nothing.

    A template of the same name made earlier (the default one) is adopted, and its steps take
    the built-in's roles, so organisations created before the library have the same agenda.
    The texts are copied in the organisation's language.
    """
    with translation.override(organisation_language(organisation)):
        return _install(organisation)


def _install(organisation: Organisation) -> list[AgendaTemplate]:
    installed = []
    for spec in BUILTIN_TEMPLATES:
        template = AgendaTemplate.objects.filter(
            organisation=organisation, builtin_key=spec.key
        ).first()
        if template is None:
            template = AgendaTemplate.objects.filter(
                organisation=organisation, name=spec.name, programme__isnull=True
            ).first()
            if template is None:
                template = AgendaTemplate(organisation=organisation, name=str(spec.name))
            template.builtin_key = spec.key
            template.description = str(spec.description)
            template.meeting_minutes = spec.meeting_minutes
            template.planned_people = spec.planned_people
            template.planned_clients = spec.planned_clients
            template.min_people = spec.min_people
            template.max_people = spec.max_people
            template.save()
            existing = list(template.steps.all())
            wanted = _step_rows(template, _spec_steps(spec))
            if [s.title for s in existing] == [s.title for s in wanted]:
                for row, spec_row in zip(existing, wanted, strict=True):
                    row.lead_role = spec_row.lead_role
                    row.case_giver_silent = spec_row.case_giver_silent
                    row.round_mode = spec_row.round_mode
                AgendaStep.objects.bulk_update(
                    existing, ["lead_role", "case_giver_silent", "round_mode"]
                )
            else:
                template.steps.all().delete()
                AgendaStep.objects.bulk_create(wanted)
        installed.append(template)
    return installed


# --- reads -------------------------------------------------------------------------------


def templates_for_programme(programme: Programme) -> QuerySet[AgendaTemplate]:
    """The organisation's built-ins and the programme's own templates, with their steps."""
    return (
        AgendaTemplate.objects.filter(organisation_id=programme.organisation_id)
        .filter(Q(programme=programme) | (Q(programme__isnull=True) & ~Q(builtin_key="")))
        .prefetch_related("steps")
        .order_by("programme_id", "name")
    )


def editable_template(person: Person, programme_id: int, template_id: int) -> AgendaTemplate:
    """A programme's own template, for a lead of that programme or an admin; 404 otherwise."""
    from django.http import Http404

    template = (
        AgendaTemplate.objects.filter(
            programme__in=programmes_visible_to(person), programme_id=programme_id
        )
        .filter(pk=template_id)
        .first()
    )
    if template is None:
        raise Http404("No such agenda template.")
    return template


# --- writes ------------------------------------------------------------------------------


def _check_steps(steps: Sequence[StepInput]) -> None:
    if not steps:
        raise DomainError(_("An agenda needs at least one step."), field="steps")
    for number, step in enumerate(steps, start=1):
        values = {"number": number}
        if not step.title.strip():
            raise DomainError(_("Step %(number)s needs a title.") % values, field="steps")
        if not 1 <= step.minutes <= 120:
            raise DomainError(
                _("Step %(number)s: minutes must be 1 to 120.") % values, field="steps"
            )
        if step.lead_role not in LeadRole.values:
            raise DomainError(_("Step %(number)s: choose who leads it.") % values, field="steps")
        if step.round_mode not in RoundMode.values:
            raise DomainError(_("Step %(number)s: choose how it repeats.") % values, field="steps")
        if step.kind not in StepKind.values:
            raise DomainError(
                _("Step %(number)s: choose what kind of step it is.") % values, field="steps"
            )


def _check_shape(meeting_minutes: int, people: int, clients: int) -> None:
    if not 15 <= meeting_minutes <= 240:
        raise DomainError(_("A meeting lasts 15 to 240 minutes."), field="meeting_minutes")
    if not 2 <= people <= 20:
        raise DomainError(_("Plan for 2 to 20 people."), field="planned_people")
    if not 1 <= clients <= people:
        raise DomainError(
            _("Plan for at least one client, and no more clients than people."),
            field="planned_clients",
        )


@transaction.atomic
def agenda_template_save(
    *,
    template: AgendaTemplate,
    name: str,
    description: str,
    meeting_minutes: int,
    planned_people: int,
    planned_clients: int,
    steps: Sequence[StepInput],
) -> AgendaTemplate:
    """Replace a programme template's settings and steps, refusing steps that do not fit."""
    if template.is_builtin or template.programme_id is None:
        raise DomainError(_("Built-in templates cannot be changed: copy one to adapt it."))
    name = name.strip()
    if not name:
        raise DomainError(_("A template needs a name."), field="name")
    _check_shape(meeting_minutes, planned_people, planned_clients)
    _check_steps(steps)
    problem = fit_problem(
        step_total(steps, people=planned_people, clients=planned_clients),
        meeting_minutes=meeting_minutes,
        people=planned_people,
        clients=planned_clients,
    )
    if problem:
        raise DomainError(problem, field="steps")
    clash = AgendaTemplate.objects.filter(
        organisation_id=template.organisation_id, name__iexact=name
    ).exclude(pk=template.pk)
    if clash.exists():
        raise DomainError(_("Another template already has that name."), field="name")
    template.name = name
    template.description = description.strip()
    template.meeting_minutes = meeting_minutes
    template.planned_people = planned_people
    template.planned_clients = planned_clients
    template.save()
    template.steps.all().delete()
    AgendaStep.objects.bulk_create(_step_rows(template, steps))
    return template


def _free_name(organisation_id: int, wanted: str) -> str:
    taken = {
        n.lower()
        for n in AgendaTemplate.objects.filter(
            organisation_id=organisation_id, name__istartswith=wanted[:100]
        ).values_list("name", flat=True)
    }
    candidate, number = wanted, 2
    while candidate.lower() in taken:
        candidate = f"{wanted} ({number})"
        number += 1
    return candidate[:120]


@transaction.atomic
def agenda_template_copy(
    *, source: AgendaTemplate, programme: Programme, name: str = ""
) -> AgendaTemplate:
    """A programme's own editable copy of a built-in or of another of its templates."""
    if source.organisation_id != programme.organisation_id:
        raise DomainError(_("That template belongs to another organisation."))
    if source.programme_id not in (None, programme.pk):
        raise DomainError(_("That template belongs to another programme."))
    # Translators: the name a copied agenda template gets, e.g. "Case Clinic (70 min), Pilot".
    wanted = name.strip() or _("%(template)s, %(programme)s") % {
        "template": source.name,
        "programme": programme.name,
    }
    try:
        copy = AgendaTemplate.objects.create(
            organisation_id=programme.organisation_id,
            programme=programme,
            name=_free_name(programme.organisation_id, wanted[:110]),
            description=source.description,
            meeting_minutes=source.meeting_minutes,
            planned_people=source.planned_people,
            planned_clients=source.planned_clients,
            min_people=source.min_people,
            max_people=source.max_people,
        )
    except IntegrityError as exc:
        raise DomainError(_("Another template already has that name."), field="name") from exc
    AgendaStep.objects.bulk_create(
        AgendaStep(
            template=copy,
            position=step.position,
            kind=step.kind,
            title=step.title,
            minutes=step.minutes,
            prompt=step.prompt,
            lead_role=step.lead_role,
            case_giver_silent=step.case_giver_silent,
            round_mode=step.round_mode,
        )
        for step in source.steps.all()
    )
    return copy


@transaction.atomic
def programme_agenda_choose(*, programme: Programme, template: AgendaTemplate) -> Programme:
    """The template new meetings of the programme follow; it must fit the programme's meetings."""
    if template.organisation_id != programme.organisation_id or template.programme_id not in (
        None,
        programme.pk,
    ):
        raise DomainError(_("Choose one of this programme's templates or a built-in one."))
    problem = fit_problem(
        template_total(template),
        meeting_minutes=programme.meeting_minutes,
        people=template.planned_people,
        clients=template.planned_clients,
        for_programme=True,
    )
    if problem:
        raise DomainError(problem)
    programme.agenda_template = template
    programme.save(update_fields=["agenda_template"])
    return programme


@transaction.atomic
def agenda_template_create(*, programme: Programme, name: str) -> AgendaTemplate:
    """A new programme template with one step, to be shaped on its edit page."""
    name = name.strip()
    if not name:
        raise DomainError(_("A template needs a name."), field="name")
    if AgendaTemplate.objects.filter(
        organisation_id=programme.organisation_id, name__iexact=name
    ).exists():
        raise DomainError(_("Another template already has that name."), field="name")
    template = AgendaTemplate.objects.create(
        organisation_id=programme.organisation_id,
        programme=programme,
        name=name,
        meeting_minutes=programme.meeting_minutes,
        planned_people=min(max(programme.max_circle_size, 2), 20),
    )
    AgendaStep.objects.create(
        template=template,
        position=1,
        kind=StepKind.CHECK_IN,
        title=_("Check-in"),
        minutes=10,
        lead_role=LeadRole.EVERYONE,
    )
    return template


@transaction.atomic
def agenda_template_create_default(*, organisation: Organisation) -> AgendaTemplate:
    """The organisation's default agenda, made (in its language) the first time it is asked.

    Once the built-ins are installed the default one is the built-in circle agenda, found by
    its key: its name is in the language of the day it was installed.
    """
    installed = AgendaTemplate.objects.filter(
        organisation=organisation, builtin_key=CIRCLE.key, programme__isnull=True
    ).first()
    if installed is not None:
        return installed
    with translation.override(organisation_language(organisation)):
        template, created = AgendaTemplate.objects.get_or_create(
            organisation=organisation,
            name=str(DEFAULT_TEMPLATE_NAME),
            defaults={"description": str(CIRCLE.description)},
        )
        if created:
            AgendaStep.objects.bulk_create(
                AgendaStep(
                    template=template,
                    position=position,
                    kind=step.kind,
                    title=str(step.title),
                    minutes=step.minutes,
                    prompt=str(step.prompt),
                )
                for position, step in enumerate(DEFAULT_STEPS, start=1)
            )
    return template
