"""`|usertext` shows what people wrote as text with safe links, never as markup."""

from __future__ import annotations

import html
import re

from django.template import Context, Template
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from circles.lib.usertext import linkify, usertext

TAG = re.compile(r"<[^>]*>")


def test_a_web_address_becomes_a_link_that_does_not_leak_the_opener_or_rank():
    out = linkify("See https://example.org/a?b=1&c=2, then www.example.com.")
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">'
        "https://example.org/a?b=1&amp;c=2</a>," in out
    )
    assert '<a href="http://www.example.com" rel="nofollow noopener noreferrer">' in out
    assert out.endswith("</a>.")


def test_markup_people_write_is_shown_as_text_even_when_marked_safe():
    out = usertext(mark_safe('<script>alert(1)</script><a href="javascript:x">x</a>'))
    assert "<script>" not in out
    assert 'href="javascript' not in out
    assert "&lt;script&gt;" in out


def test_other_schemes_are_not_linked():
    for text in ("javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/x"):
        assert "<a " not in linkify(text)


def test_line_breaks_are_kept_in_a_wrapping_span():
    assert str(usertext("one\ntwo")) == '<span class="user-text" dir="auto">one\ntwo</span>'
    assert usertext("") == ""
    assert usertext(None) == ""


def test_templates_use_the_filter_without_loading_anything():
    out = Template("{{ text|usertext }}").render(Context({"text": "<i>x</i> https://x.org"}))
    assert "&lt;i&gt;" in out
    assert 'href="https://x.org"' in out


@given(st.text(max_size=300))
def test_any_text_round_trips_and_only_links_are_markup(text):
    out = str(linkify(text))
    tags = TAG.findall(out)
    assert all(t == "</a>" or t.startswith('<a href="') for t in tags)
    assert all('rel="nofollow noopener noreferrer"' in t for t in tags if t != "</a>")
    assert html.unescape(TAG.sub("", out)) == text
