"""The library: items a person may read, and the same ranked search as the library page."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from circles.library import selectors
from circles.library.models import Kind, LibraryItem, Story
from circles.library.search import COUNT_LIMIT
from circles.library.stories.selectors import byline
from circles.library.text import Snippet, render_markdown

from .auth import Caller, caller
from .errors import not_found
from .schemas import MAX_PAGE_SIZE, PAGE_SIZE, Id, Page, Str64, Str200, answers

router = Router(tags=["library"])

KindName = Literal["template", "guide", "article", "link", "exercise", "story", ""]
assert set(KindName.__args__) - {""} == set(Kind.values)  # type: ignore[attr-defined]


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    url: str
    audience: str
    status: str
    tags: list[str]
    author: str = Field(description="As readers are told: anonymised stories name no one.")
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_tags(item: LibraryItem) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    @staticmethod
    def resolve_author(item: LibraryItem) -> str:
        return byline(item, _story(item))


class ItemDetailOut(ItemOut):
    body: str = Field(description="The text as written, in Markdown.")
    body_html: str = Field(description="The text rendered and sanitised, as the page shows it.")

    @staticmethod
    def resolve_body_html(item: LibraryItem) -> str:
        return render_markdown(item.body)


class ItemFilters(Schema):
    kind: KindName = ""
    tag: Str64 = Field("", description="Only items carrying this tag.")


class Piece(Schema):
    text: str
    match: bool = Field(description="A word of the query: the page highlights it.")


class HitOut(Schema):
    item: ItemOut
    score: int
    title: list[Piece]
    snippet: list[Piece] = Field(description="An extract around the first match.")


class SearchIn(Schema):
    q: Str200 = Field(
        "", description="Words that must all match (stemmed, case and accents folded)."
    )
    kind: KindName = ""
    tag: Str64 = ""
    page: int = Field(1, ge=1, le=COUNT_LIMIT)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class SearchOut(Schema):
    items: list[HitOut]
    count: int = Field(description="Matches, counted up to the limit.")
    more: bool = Field(description="More matches than counted.")
    page: int
    page_size: int
    pages: int


def _readable(found: Caller) -> QuerySet[LibraryItem]:
    """What the library page lists for the token's person; a service token, acting for no
    one, reads the published items (of every audience, as an admin would)."""
    if found.person is None:
        items = selectors.published_for(found.viewer)
    else:
        items = selectors.items_visible_to(found.person)
    return selectors.with_tags(items.select_related("author", "story"))


def _story(item: LibraryItem) -> Story | None:
    return getattr(item, "story", None) if item.kind == Kind.STORY else None


def _pieces(snippet: Snippet) -> list[dict[str, Any]]:
    return [{"text": text, "match": marked} for text, marked in snippet.pieces]


@router.get("/library/items", response=answers(list[ItemOut]), summary="List library items")
@paginate(Page)
def items_list(request: HttpRequest, filters: Query[ItemFilters]) -> Any:
    """Items the token's person may open, newest change first (drafts of their own, and for
    curators every item but others' unpublished stories)."""
    items = _readable(caller(request))
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.tag:
        items = items.filter(tags__name__iexact=filters.tag)
    return items.order_by("-updated_at", "-pk")


@router.get("/library/items/{item_id}", response=answers(ItemDetailOut), summary="Read an item")
def item_read(request: HttpRequest, item_id: Id) -> Any:
    item = _readable(caller(request)).filter(pk=item_id).first()
    if item is None:
        raise not_found()
    return item


@router.get("/library/search", response=answers(SearchOut), summary="Search the library")
def library_search(request: HttpRequest, search: Query[SearchIn]) -> Any:
    """The library page's search: ranked (title, then tags, then text), newest first on ties,
    only published items the token's person may read."""
    found = caller(request)
    results = selectors.library_search(
        viewer=found.viewer,
        query=search.q,
        kinds=[search.kind] if search.kind else [],
        tags=[search.tag] if search.tag else [],
        page=search.page,
        per_page=search.page_size,
    )
    ids = [hit.item.pk for hit in results.hits]
    items = {item.pk: item for item in _readable(found).filter(pk__in=ids)}
    hits = [
        {
            "item": items[hit.item.pk],
            "score": hit.score,
            "title": _pieces(hit.title),
            "snippet": _pieces(hit.extract),
        }
        for hit in results.hits
        if hit.item.pk in items
    ]
    return {
        "items": hits,
        "count": min(results.total, COUNT_LIMIT),
        "more": results.more,
        "page": results.page,
        "page_size": results.per_page,
        "pages": results.pages,
    }
