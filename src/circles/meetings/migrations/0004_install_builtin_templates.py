"""Give organisations created before the template library its built-in agenda templates."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from circles.meetings.agenda.library import BUILTIN_TEMPLATES

    Organisation = apps.get_model("orgs", "Organisation")
    AgendaTemplate = apps.get_model("meetings", "AgendaTemplate")
    AgendaStep = apps.get_model("meetings", "AgendaStep")
    for organisation in Organisation.objects.all():
        for spec in BUILTIN_TEMPLATES:
            if AgendaTemplate.objects.filter(
                organisation=organisation, builtin_key=spec.key
            ).exists():
                continue
            template = AgendaTemplate.objects.filter(
                organisation=organisation, name=spec.name, programme__isnull=True
            ).first() or AgendaTemplate(organisation=organisation, name=spec.name)
            template.builtin_key = spec.key
            template.description = spec.description
            template.meeting_minutes = spec.meeting_minutes
            template.planned_people = spec.planned_people
            template.planned_clients = spec.planned_clients
            template.min_people = spec.min_people
            template.max_people = spec.max_people
            template.save()
            existing = list(AgendaStep.objects.filter(template=template).order_by("position"))
            if [s.title for s in existing] == [s.title for s in spec.steps]:
                for row, step in zip(existing, spec.steps, strict=True):
                    row.lead_role = step.lead_role
                    row.case_giver_silent = step.case_giver_silent
                    row.round_mode = step.round_mode
                    row.save(update_fields=["lead_role", "case_giver_silent", "round_mode"])
                continue
            AgendaStep.objects.filter(template=template).delete()
            for position, step in enumerate(spec.steps, start=1):
                AgendaStep.objects.create(
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


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_runner_and_agenda_roles"),
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
