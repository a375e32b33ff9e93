"""Library search: ranked, highlighted, filtered, only what the viewer may read; the same
ranked results on SQLite and on PostgreSQL (this file runs in the PostgreSQL run too)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.library.models import Audience, Kind, LibraryItem, SearchDocument, Status
from circles.library.selectors import library_search
from circles.library.services import library_item_create, library_item_set_status
from circles.library.text import query_terms, term_text, terms

pytestmark = pytest.mark.django_db


def add(world, title, body="", **options):
    options.setdefault("kind", Kind.ARTICLE)
    options.setdefault("publish", True)
    return library_item_create(author=world.lead, title=title, body=body, **options)


def titles(results):
    return [hit.item.title for hit in results.hits]


def test_a_word_from_the_body_finds_the_item_with_the_word_highlighted(world):
    add(world, "Running a question storm", "Ask *open* questions and let the silence work.")
    add(world, "Keeping time", "A kitchen timer helps.")
    results = library_search(viewer=world.member, query="silence")
    assert titles(results) == ["Running a question storm"]
    assert "<mark>silence</mark>" in results.hits[0].extract.html()


def test_stemming_matches_other_forms_of_a_word(world):
    add(world, "Coaching each other", "Peers coached peers.")
    assert titles(library_search(viewer=world.member, query="coach")) == ["Coaching each other"]
    hit = library_search(viewer=world.member, query="coaches").hits[0]
    assert "<mark>Coaching</mark>" in hit.title.html()
    assert "<mark>coached</mark>" in hit.extract.html()


def test_accents_and_case_do_not_matter(world):
    add(world, "Café conversations", "Rôle of the facilitator.")
    assert titles(library_search(viewer=world.member, query="CAFE role"))


def test_a_title_match_ranks_above_a_tag_match_above_a_body_match(world):
    add(world, "Body", "This mentions feedback once.")
    add(world, "Tagged", "Nothing here.", tags=["feedback"])
    add(world, "Feedback that lands", "Nothing here.")
    assert titles(library_search(viewer=world.member, query="feedback")) == [
        "Feedback that lands",
        "Tagged",
        "Body",
    ]


def test_every_term_must_match(world):
    add(world, "Open questions", "Curiosity first.")
    add(world, "Closed questions", "Yes or no.")
    assert titles(library_search(viewer=world.member, query="questions curiosity")) == [
        "Open questions"
    ]


def test_kind_and_tag_filters_narrow_the_results(world):
    add(world, "Exercise on listening", kind=Kind.EXERCISE, tags=["listening"])
    add(world, "Article on listening", tags=["listening", "Remote"])
    add(world, "Another article on listening")
    assert titles(library_search(viewer=world.member, query="listening", kinds=["exercise"])) == [
        "Exercise on listening"
    ]
    assert titles(library_search(viewer=world.member, query="listening", tags=["remote"])) == [
        "Article on listening"
    ]
    assert len(library_search(viewer=world.member, query="", tags=["Listening"]).hits) == 2


def test_drafts_and_archived_items_are_not_in_the_index(world):
    draft = add(world, "Draft about trust", publish=False)
    shown = add(world, "Published about trust")
    assert not SearchDocument.objects.filter(item=draft).exists()
    assert titles(library_search(viewer=world.member, query="trust")) == [shown.title]
    library_item_set_status(item=shown, editor=world.lead, status=Status.ARCHIVED)
    assert not SearchDocument.objects.filter(item=shown).exists()
    assert not library_search(viewer=world.member, query="trust").hits


def test_audiences_decide_who_finds_what(world):
    add(world, "Guide for leads on trust", audience=Audience.LEADS)
    add(world, "Guide for facilitators on trust", audience=Audience.FACILITATORS)
    add(world, "Guide for everyone on trust")
    assert len(library_search(viewer=world.lead, query="trust").hits) == 3
    # The member belongs to a circle: facilitation rotates through everyone in it.
    assert titles(library_search(viewer=world.member, query="trust")) == [
        "Guide for everyone on trust",
        "Guide for facilitators on trust",
    ]
    assert titles(library_search(viewer=world.other_admin, query="trust")) == []


def test_nothing_typed_lists_the_newest_and_punctuation_alone_finds_nothing(world):
    add(world, "First")
    add(world, "Second")
    assert titles(library_search(viewer=world.member)) == ["Second", "First"]
    assert library_search(viewer=world.member, query="!!! ???").hits == []


def test_pages_split_the_results(world):
    for number in range(25):
        add(world, f"Note {number} on pacing")
    first = library_search(viewer=world.member, query="pacing", per_page=10)
    third = library_search(viewer=world.member, query="pacing", per_page=10, page=3)
    assert (first.total, first.pages, len(third.hits)) == (25, 3, 5)
    assert first.has_next
    assert not third.has_next


def test_search_syntax_in_a_query_is_just_words(world):
    add(world, "Near and far", "OR AND NOT NEAR ^ * ( ) : \" ' -")
    for query in ['"', "NEAR(", "a:b", "*", "'", "-x", "title:near", "&|!"]:
        library_search(viewer=world.member, query=query)
    assert titles(library_search(viewer=world.member, query="near")) == ["Near and far"]


def test_terms_are_folded_stemmed_words():
    assert terms("Coaching, coaches & COACHED café_au-lait") == [
        "coach",
        "coach",
        "coach",
        "cafe",
        "au",
        "lait",
    ]
    assert term_text("") == ""
    assert query_terms("run run running ran") == ["run", "ran"]


WORDS = ["trust", "timer", "question", "listening", "feedback", "storm", "café", "Ärger"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    library=st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
            st.lists(st.sampled_from(WORDS), max_size=12),
        ),
        min_size=1,
        max_size=12,
    ),
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
)
def test_the_ranking_is_the_documented_score_on_this_database(world, library, query):
    """The same assertion on SQLite and on PostgreSQL: both give exactly the order computed
    here from the documented rule, so they give the same order as each other."""
    LibraryItem.objects.all().delete()
    for title_words, body_words in library:
        add(world, " ".join(title_words), " ".join(body_words))
    wanted = query_terms(" ".join(query))

    def score(item: LibraryItem) -> int:
        title, body = set(terms(item.title)), set(terms(item.body))
        return sum(3 * (t in title) + (t in body) for t in wanted)

    items = [
        i
        for i in LibraryItem.objects.all()
        if all(t in set(terms(i.title)) | set(terms(i.body)) for t in wanted)
    ]

    def order(i: LibraryItem) -> tuple[int, float, int]:
        return (-score(i), -(i.published_at.timestamp() if i.published_at else 0), -i.pk)

    expected = [i.pk for i in sorted(items, key=order)]
    found = library_search(viewer=world.member, query=" ".join(query), per_page=100)
    assert [hit.item.pk for hit in found.hits] == expected
    assert [hit.score for hit in found.hits] == [
        score(i) for i in sorted(items, key=lambda i: expected.index(i.pk))
    ]
