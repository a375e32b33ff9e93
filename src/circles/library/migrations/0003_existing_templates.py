"""Organisations made before the library get their agenda templates listed in it."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def list_templates(apps: Any, schema_editor: Any) -> None:
    from circles.library.search import document_fields
    from circles.library.services import template_markdown

    Template = apps.get_model("meetings", "AgendaTemplate")
    Item = apps.get_model("library", "LibraryItem")
    Document = apps.get_model("library", "SearchDocument")
    now = timezone.now()
    listed = set(
        Item.objects.exclude(agenda_template=None).values_list("agenda_template_id", flat=True)
    )
    for template in Template.objects.filter(programme=None).exclude(pk__in=listed):
        item = Item.objects.create(
            organisation_id=template.organisation_id,
            kind="template",
            title=template.name,
            summary=template.description[:300],
            body=template_markdown(template),
            audience="leads",
            status="published",
            published_at=now,
            agenda_template=template,
        )
        Document.objects.create(
            item=item,
            organisation_id=item.organisation_id,
            kind=item.kind,
            audience=item.audience,
            published_at=now,
            **document_fields(item, []),
        )


class Migration(migrations.Migration):
    dependencies = [("library", "0002_full_text_index")]

    operations = [migrations.RunPython(list_templates, migrations.RunPython.noop)]
