from __future__ import annotations

from collections.abc import Hashable, Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Hashable, str], key: Hashable) -> str | None:
    return mapping.get(key)
