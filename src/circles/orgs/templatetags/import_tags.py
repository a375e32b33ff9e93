"""Template filters of the people import pages."""

from __future__ import annotations

from django import template

from circles.orgs.importing.mapping import FIELDS

register = template.Library()
EXTRA_LABELS = {"manager": "Manager", "is_active": "Status", "level": "Level"}


@register.filter
def field_label(name: str) -> str:
    return EXTRA_LABELS.get(name) or FIELDS.get(name, name.replace("_", " ").capitalize())
