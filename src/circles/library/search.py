"""The one library search: ranked full-text search over what the viewer may read.

The database finds the matching items through its full-text index (FTS5 on SQLite, a GIN index
over a tsvector on PostgreSQL); the terms on both sides come from ``text.terms``, so both
databases match the same items. The rank is the same plain SQL on both: per query term, 3 if
it is in the title, 2 if in the tags, 1 if in the body (summary included); ties go to the
newest, then the highest id. Snippets and highlights are made in Python from the item's own text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from .models import LibraryItem, SearchDocument
from .text import Snippet, plain_text, query_terms, snippet, term_text, terms

FTS_TABLE = "library_search_fts"
DOC_TABLE = SearchDocument._meta.db_table
WEIGHTS = (("title_terms", 3), ("tag_terms", 2), ("body_terms", 1))
MAX_PAGE_SIZE = 100
COUNT_LIMIT = 1000


def _matching(
    documents: QuerySet[SearchDocument], organisation_id: int, wanted: Sequence[str]
) -> QuerySet[SearchDocument]:
    """The organisation's documents holding every wanted term, found through the index."""
    if connection.vendor == "postgresql":
        query = " & ".join(f"'{t}'" for t in wanted)
        return documents.filter(organisation_id=organisation_id).extra(
            where=[f"{DOC_TABLE}.vector @@ to_tsquery('simple', %s)"], params=[query]
        )
    # The organisation is compared as an expression, which no index serves: SQLite then
    # starts from the full-text matches instead of reading every document of the organisation.
    query = " ".join(f'"{t}"' for t in wanted)
    return (
        documents.alias(in_organisation=F("organisation_id") + 0)
        .filter(in_organisation=organisation_id)
        .extra(
            where=[
                f"{DOC_TABLE}.item_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            ],
            params=[query],
        )
    )


def _score_sql(wanted: Sequence[str]) -> tuple[str, list[str]]:
    """Per term 3 (title) + 2 (tags) + 1 (body). Every matching document holds every term
    somewhere, so a term in neither title nor tags is in the body: the long body column is
    read only for the few documents whose title or tags hold the term too."""
    parts: list[str] = []
    params: list[str] = []
    title, tags, body = (f"{DOC_TABLE}.{column}" for column, _ in WEIGHTS)
    for term in wanted:
        pattern = f"% {term} %"
        parts.append(
            f"CASE WHEN {title} LIKE %s THEN 3 ELSE 0 END"
            f" + CASE WHEN {tags} LIKE %s THEN 2 ELSE 0 END"
            f" + CASE WHEN {title} LIKE %s OR {tags} LIKE %s"
            f" THEN (CASE WHEN {body} LIKE %s THEN 1 ELSE 0 END) ELSE 1 END"
        )
        params += [pattern] * 5
    return "(" + " + ".join(parts) + ")", params


@dataclass(frozen=True)
class Hit:
    item: LibraryItem
    score: int
    title: Snippet
    extract: Snippet


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    terms: tuple[str, ...]

    @property
    def more(self) -> bool:
        """More matches than were counted (``total`` stops at COUNT_LIMIT + 1)."""
        return self.total > COUNT_LIMIT

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, COUNT_LIMIT) // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def ranked_ids(
    documents: QuerySet[SearchDocument],
    organisation_id: int,
    query: str,
    *,
    offset: int,
    limit: int,
) -> tuple[list[tuple[int, int]], int, tuple[str, ...]]:
    """(item id, score) of one page of matches in rank order, the number of matches, and the
    terms searched for. Without terms: the newest documents, score 0."""
    wanted = tuple(query_terms(query))
    if query.strip() and not wanted:
        return [], 0, wanted
    if wanted:
        documents = _matching(documents, organisation_id, wanted)
        score_sql, score_params = _score_sql(wanted)
        scored = documents.annotate(score=RawSQL(score_sql, score_params))
        ordered = scored.order_by("-score", "-published_at", "-item_id")
        rows = list(ordered.values_list("item_id", "score")[offset : offset + limit])
    else:
        documents = documents.filter(organisation_id=organisation_id)
        newest = documents.order_by("-published_at", "-item_id")
        rows = [(pk, 0) for pk in newest.values_list("item_id", flat=True)[offset : offset + limit]]
    # Counting every match of a very common word costs as much as ranking them: past a
    # thousand, the page says "more than".
    total = documents[: COUNT_LIMIT + 1].count()
    return [(int(pk), int(score)) for pk, score in rows], total, wanted


def search_documents(
    documents: QuerySet[SearchDocument],
    *,
    organisation_id: int,
    query: str = "",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Search the organisation's documents among the given ones (already narrowed to what a
    viewer may read)."""
    per_page = max(1, min(int(per_page), MAX_PAGE_SIZE))
    page = max(1, int(page))
    rows, total, wanted = ranked_ids(
        documents, organisation_id, query, offset=(page - 1) * per_page, limit=per_page
    )
    items = LibraryItem.objects.in_bulk([pk for pk, _ in rows])
    hits = []
    for pk, score in rows:
        item = items.get(pk)
        if item is None:  # removed between the two queries
            continue
        text = item.summary + " " + plain_text(item.body) if item.summary else plain_text(item.body)
        hits.append(
            Hit(
                item=item,
                score=score,
                title=snippet(item.title, wanted, width=60),
                extract=snippet(text, wanted),
            )
        )
    return SearchResults(hits=hits, total=total, page=page, per_page=per_page, terms=wanted)


def document_fields(item: LibraryItem, tag_names: Sequence[str]) -> dict[str, str]:
    """The search document's term columns for an item."""
    title = term_text(item.title)
    tags = term_text(" ".join(tag_names))
    body = term_text(f"{item.summary} {plain_text(item.body)}")
    everything = " ".join(terms(f"{item.title} {' '.join(tag_names)} {item.summary}"))
    everything = f"{everything} {body.strip()}".strip()
    return {
        "title_terms": title,
        "tag_terms": tags,
        "body_terms": body,
        "terms": everything,
    }


def purge_removed_terms() -> None:
    """Merge SQLite's full-text index, so terms of removed documents leave its pages too (an
    FTS5 index keeps them in older segments until a merge). PostgreSQL's column goes with
    its row."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
