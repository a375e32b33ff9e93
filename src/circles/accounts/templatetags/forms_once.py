"""The hidden token that makes a form's submission count once (see accounts.submissions)."""

from __future__ import annotations

import secrets

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from circles.accounts.submissions import FIELD

register = template.Library()


@register.simple_tag
def once_field() -> SafeString:
    return format_html(
        '<input type="hidden" name="{}" value="{}" data-once>', FIELD, secrets.token_hex(16)
    )
