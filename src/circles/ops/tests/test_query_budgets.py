"""Every benchmarked page makes as many queries on a large organisation as on a small one:
no query count grows with the data a page shows (DESIGN.md section 7).

A page makes a few queries more or fewer by what a person has (open commitments bring their
check-ins, a plan its goals, facilitating the next meeting the training step to read), never one
more per item. So queries are compared by kind (what they read, whatever they filter on): no
person of the large organisation (ten times larger, four times the history) makes more queries
of one kind on a page than the most any person of the small organisation's sample makes of it.
Comparing kinds, not totals, keeps the test from depending on which mix of things the people
sampled happen to have today; both samples hold a facilitator of a circle's next meeting."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles.ops.scale import pages
from circles.ops.scale.seed import seed

pytestmark = pytest.mark.django_db


def kind(sql: str) -> str:
    """What a query reads: its text up to WHERE, with cursor names, numbers and quoted values
    (a time zone, say) blanked."""
    head = re.split(r"\bWHERE\b", sql, maxsplit=1)[0]
    return re.sub(r"_django_curs_\w+|\b\d+\b|'[^']*'", "?", head)


def _counts(organisation, people: int) -> dict[str, list[Counter[str]]]:
    personas = pages.personas(organisation, count=people)
    counts: dict[str, list[Counter[str]]] = {}
    for page in pages.PAGES:
        for values in (personas[page.who] or personas["admin"])[:people]:
            client = pages.signed_in(values["person"])
            path = page.path.format(**values)
            client.get(path)  # the first request of a session may write its bookkeeping
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, (page.name, path)
            found = Counter(kind(q["sql"]) for q in queries.captured_queries)
            counts.setdefault(page.name, []).append(found)
    return counts


def test_no_page_makes_more_queries_on_a_larger_organisation():
    small = _counts(seed(people=80, years=0.5, slug="small").organisation, 16)
    large = _counts(seed(people=800, years=2, slug="large").organisation, 6)
    grown: dict[str, list[str]] = {}
    for name, requests in large.items():
        most: Counter[str] = Counter()
        for found in small[name]:
            most |= found  # the most of each kind any one person made
        for found in requests:
            for query, times in found.items():
                if times > most[query]:
                    grown.setdefault(name, []).append(f"{times} x (small: {most[query]}) {query}")
    assert not grown, f"queries that grew with the data: {grown}"


def test_a_kind_of_query_is_what_it_reads_whatever_it_filters_on():
    first = 'SELECT "a"."id" FROM "a" WHERE "a"."id" = 12 LIMIT 21'
    second = 'SELECT "a"."id" FROM "a" WHERE "a"."owner_id" IN (3, 4)'
    assert kind(first) == kind(second) == 'SELECT "a"."id" FROM "a" '
    zone = 'SELECT DATE_TRUNC(\'month\', "m"."at" AT TIME ZONE \'{}\') FROM "m"'
    assert kind(zone.format("America/Toronto")) == kind(zone.format("Asia/Tokyo"))
    cursor = 'DECLARE "_django_curs_140_sync_2" NO SCROLL CURSOR WITH HOLD FOR SELECT 1'
    assert kind(cursor) == 'DECLARE "?" NO SCROLL CURSOR WITH HOLD FOR SELECT ?'
