"""Every word a template shows is marked for translation; no template uses a fixed date pattern.

The templates are read with Django's own lexer: whatever a `{% translate %}` or a
`{% blocktranslate %}` block produces counts as marked, every variable and tag is a hole, and
what is left (the text between tags and the attributes people read) must hold no letters.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATE_ROOTS = sorted(
    {Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")}
)
TEMPLATES = sorted(
    path
    for root in TEMPLATE_ROOTS
    for path in root.rglob("*")
    if path.suffix in {".html", ".txt"} and path.is_file()
)
# Attributes whose value a person reads or hears.
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
# Words that are the same in every language: the product's name.
UNTRANSLATED = ("Coaching Circles",)
LETTER = re.compile(r"[^\W\d_]")
HOLE = "\x00"


def _with_holes(source: str) -> str:
    """The template's text, with every tag and variable (and every translated block) a hole."""
    pieces: list[str] = []
    skipping_until: str | None = None
    for token in Lexer(source).tokenize():
        if skipping_until is not None:
            if token.token_type is TokenType.BLOCK and token.contents.split()[0] == skipping_until:
                skipping_until = None
            continue
        if token.token_type is TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type is TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in {"blocktranslate", "blocktrans"}:
                skipping_until = "end" + name
            elif name == "comment":
                skipping_until = "endcomment"
        # A tag inside an HTML tag (`<details{% if open %} open{% endif %}>`) adds attributes
        # or part of one: a blank keeps the tag whole; between tags a hole splits the text.
        pieces.append(" " if _inside_a_tag("".join(pieces[-20:])) else HOLE)
    return "".join(pieces)


def _inside_a_tag(text: str) -> bool:
    return text.rfind("<") > text.rfind(">")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._check(value, f"{tag}[{name}]")
            shown_value = tag == "input" and dict(attrs).get("type") in {"submit", "button"}
            if name == "value" and value and shown_value:
                self._check(value, f"{tag}[value]")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._check(data, "text")

    def _check(self, text: str, where: str) -> None:
        for name in UNTRANSLATED:
            text = text.replace(name, "")
        for part in text.split(HOLE):
            if LETTER.search(part):
                self.found.append(f"{where}: {part.strip()[:70]!r}")


def unmarked_strings(source: str) -> list[str]:
    reader = _Reader()
    reader.feed(_with_holes(source))
    reader.close()
    return reader.found


FIXED_DATE_PATTERN = re.compile(r"\|(date|time):\s*\"(?![cUYmdT\-: ]*\")")


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=[str(p.relative_to(settings.BASE_DIR)) for p in TEMPLATES]
)
def test_template_marks_every_string_and_formats_dates_by_locale(path: Path) -> None:
    source = path.read_text()
    problems = unmarked_strings(source)
    problems += [f"fixed date pattern {m.group(0)}" for m in FIXED_DATE_PATTERN.finditer(source)]
    assert not problems, "\n".join(problems)


def test_the_reader_finds_unmarked_text_and_ignores_marked_text() -> None:
    assert unmarked_strings("<p>{% translate 'Hello' %} {{ name }}</p>") == []
    assert (
        unmarked_strings("{% blocktranslate trimmed %}Due <b>{{ d }}</b>{% endblocktranslate %}")
        == []
    )
    assert unmarked_strings('<button aria-label="{% translate "Close" %}">&times;</button>') == []
    assert unmarked_strings("<p>Hello {{ name }}</p>") == ["text: 'Hello'"]
    assert unmarked_strings('<img alt="A chart" src="x">') == ["img[alt]: 'A chart'"]
    assert unmarked_strings("<script>const x = 'no';</script>{# a comment #}") == []
    assert unmarked_strings("<details{% if x %} open{% endif %}><summary>Hi</summary>") == [
        "text: 'Hi'"
    ]
    assert unmarked_strings('<button name="do" value="give">{% translate "Give" %}</button>') == []
    assert unmarked_strings('<input type="submit" value="Send">') == ["input[value]: 'Send'"]
    assert FIXED_DATE_PATTERN.search('{{ d|date:"j M Y" }}')
    assert not FIXED_DATE_PATTERN.search('{{ d|date:"Y-m-d" }}')
