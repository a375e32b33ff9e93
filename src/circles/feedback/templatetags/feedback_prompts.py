"""The one gentle prompt for feedback, on the home page and meeting pages only."""

from __future__ import annotations

from typing import Any

from django import template

from circles.orgs.models import Person

from ..selectors import open_questionnaires_for, pulses_due_for

register = template.Library()

PAGES = {"home", "meeting_detail"}


@register.inclusion_tag("feedback/_prompt.html", takes_context=True)
def feedback_prompt(context: Any) -> dict[str, Any]:
    request = context.get("request")
    person: Person | None = getattr(request, "person", None)
    match = getattr(request, "resolver_match", None)
    if person is None or match is None or match.url_name not in PAGES:
        return {"meetings": [], "questionnaires": []}
    return {
        "meetings": list(pulses_due_for(person)[:3]),
        "questionnaires": list(open_questionnaires_for(person)[:3]),
    }
