"""What people write, shown safely: escaped, addresses turned into links, long words wrapped.

`{{ note.body|usertext }}` is the one way a template shows text a person wrote (cases, notes,
questions, commitments, check-ins, plans, expectations, feedback comments). Everything is
escaped; only web and email addresses become links, and those carry `rel="nofollow noopener
noreferrer"`. The wrapper's class (`user-text` in app.css) keeps line breaks and lets a long
word or address wrap anywhere, so no text can make a page wider than the screen.

The filter is a template builtin (settings.TEMPLATES), so templates need no `{% load %}`.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import Urlizer, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

REL = "nofollow noopener noreferrer"


class _SafeLinks(Urlizer):
    # Every link gets the same rel, mailto included; Django's own rel is left off below.
    url_template = '<a href="{href}"' + f' rel="{REL}"' + "{attrs}>{url}</a>"
    # Django's bare-domain rule would also take "ftp://host.org" and make it "http://ftp://…":
    # a bare domain has no scheme, so no colon before its top-level domain.
    simple_url_2_re = re.compile(
        r"^www\.|^(?!http)\w[^@:]+\.(com|edu|gov|int|mil|net|org)($|/.*)$", re.IGNORECASE
    )


_urlize = _SafeLinks()


def linkify(text: object) -> SafeString:
    """Escaped text in which web and email addresses are links (no other markup survives)."""
    # A plain str even if the value was marked safe: people's text is never trusted as HTML.
    plain = "" + str(text if text is not None else "")
    return mark_safe(_urlize(plain, nofollow=False, autoescape=True))


@register.filter(name="usertext", is_safe=True)
def usertext(value: object) -> SafeString:
    """Show a person's text: links, kept line breaks, long words wrapped."""
    if value is None or value == "":
        return mark_safe("")
    # dir="auto": a note in Arabic on an English page (or the reverse) keeps its own direction.
    return format_html('<span class="user-text" dir="auto">{}</span>', linkify(value))
