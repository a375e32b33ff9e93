"""Template filters of the people import pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from circles.orgs.importing.mapping import FIELDS

register = template.Library()
EXTRA_LABELS = {"manager": _("Manager"), "is_active": _("Status"), "level": _("Level")}


@register.filter
def field_label(name: str) -> str:
    return str(EXTRA_LABELS.get(name) or FIELDS.get(name, name.replace("_", " ").capitalize()))
