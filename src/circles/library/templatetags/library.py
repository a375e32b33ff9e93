"""The stories a programme's leads featured, for the programme's page."""

from __future__ import annotations

from typing import Any

from django import template

from circles.orgs.models import Person, Programme

from ..stories.selectors import featured_stories

register = template.Library()


@register.inclusion_tag("library/_featured.html")
def featured_on(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    stories = list(featured_stories(programme, viewer)[:5]) if viewer is not None else []
    return {"stories": stories}
