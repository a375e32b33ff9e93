"""Library text: Markdown rendered safely, and the words search matches on.

Pure module (no models). Markdown goes through markdown-it-py with raw HTML switched off, and
what it renders goes through nh3 (ammonia) with a short allow-list, so no markup a person typed
reaches a page. Search terms are made here, in Python, for both databases: text is folded
(accents off, case folded), split into words and stemmed with the Snowball English stemmer, so
SQLite's FTS5 and PostgreSQL's full-text search index the very same tokens and match the same
items for the same query.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import nh3
import snowballstemmer
from markdown_it import MarkdownIt

# CommonMark without raw HTML; links are checked by nh3 below.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
REL = "nofollow noopener noreferrer"
MAX_WORD = 40  # longer "words" are noise (hashes, addresses) and are not indexed


def render_markdown(source: str) -> str:
    """Safe HTML for a Markdown text: headings start at h2 (the page owns h1)."""
    rendered = _markdown.render(source or "")
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)
    rendered = re.sub(r"<(/?)h[56]>", r"<\1h4>", rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=REL,
    )


def plain_text(source: str) -> str:
    """The words of a Markdown text, without markup: what search indexes and snippets quote."""
    rendered = render_markdown(source)
    text = re.sub(r"<[^>]+>", " ", rendered)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


_stemmer = snowballstemmer.stemmer("english")
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Case and accents folded: "Café" and "cafe" are one word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def words(text: str) -> list[str]:
    """The text's words as they appear (unfolded), for highlighting."""
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """Search terms of a text: folded, split on anything but letters and digits, stemmed."""
    found = []
    for word in _WORD.findall(fold(text).replace("_", " ")):
        if len(word) <= MAX_WORD:
            found.append(stem(word))
    return found


def term_text(text: str) -> str:
    """Terms joined by single spaces, with a space at each end so that `% term %` matches a
    whole term in SQL on either database."""
    joined = " ".join(terms(text))
    return f" {joined} " if joined else ""


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct terms of what someone typed, in order, at most ``limit``."""
    seen: list[str] = []
    for term in terms(query):
        if term not in seen:
            seen.append(term)
    return seen[:limit]


@dataclass(frozen=True)
class Snippet:
    """A short extract around the first match, as (text, highlighted) pieces."""

    pieces: tuple[tuple[str, bool], ...]

    def html(self) -> str:
        return "".join(
            f"<mark>{html.escape(text)}</mark>" if marked else html.escape(text)
            for text, marked in self.pieces
        )


def snippet(text: str, wanted: Iterable[str], *, width: int = 30) -> Snippet:
    """About ``width`` words around the first word whose term is wanted, every such word
    marked; the start of the text when none matches."""
    targets = set(wanted)
    tokens = re.split(r"(\w+)", text)  # words at odd positions, what lies between at even
    word_positions = [i for i in range(1, len(tokens), 2)]
    hits = [i for i in word_positions if tokens[i] and _matches(tokens[i], targets)]
    if word_positions:
        centre = word_positions.index(hits[0]) if hits else 0
        first = max(0, centre - width // 3)
        last = min(len(word_positions) - 1, first + width - 1)
        start, end = word_positions[first], word_positions[last] + 1
    else:
        start, end = 0, len(tokens)
    pieces: list[tuple[str, bool]] = []
    if start > 1:
        pieces.append(("… ", False))
    for i in range(start, end):
        piece = tokens[i]
        if piece:
            pieces.append((piece, i % 2 == 1 and _matches(piece, targets)))
    if end < len(tokens) - 1:
        pieces.append((" …", False))
    return Snippet(tuple(pieces))


def _matches(word: str, targets: set[str]) -> bool:
    found = terms(word)
    return bool(found) and any(term in targets for term in found)
