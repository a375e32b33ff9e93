"""Template filters for dates, times and numbers in the reader's locale (see `formats`).

A template builtin (settings.TEMPLATES): `{{ meeting.starts_at|local_datetime }}`,
`{{ day|local_date:"MMMd" }}`, `{{ moment|local_time }}`, `{{ rate|local_percent }}`.
"""

from __future__ import annotations

from typing import Any

from django import template

from circles.languages import formats

register = template.Library()


@register.filter
def local_date(value: Any, pattern: str = "medium") -> str:
    return formats.format_local_date(value, pattern)


@register.filter
def local_time(value: Any, skeleton: str = "jm") -> str:
    return formats.format_local_time(value, skeleton)


@register.filter
def local_datetime(value: Any, skeleton: str = "yMMMdjm") -> str:
    return formats.format_local_datetime(value, skeleton)


@register.filter
def local_number(value: Any, decimals: int | None = None) -> str:
    return formats.format_local_number(value, decimals)


@register.filter
def local_percent(value: Any, decimals: int = 0) -> str:
    return formats.format_local_percent(value, decimals)
