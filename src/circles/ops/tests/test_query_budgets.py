"""Every benchmarked page makes as many queries on a large organisation as on a small one:
no query count grows with the data a page shows (DESIGN.md section 7).

A page makes a few queries more or fewer by what a person has (open commitments bring their
check-ins, a plan its goals), never one more per item: so each page's most queries over a
sample of people must not grow from the small organisation to the one ten times larger with
four times the history. The small organisation's sample is the larger one, so that it holds
people with every kind of thing a page shows (a few more queries each)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles.ops.scale import pages
from circles.ops.scale.seed import seed

pytestmark = pytest.mark.django_db


def _counts(organisation, people: int) -> dict[str, list[int]]:
    personas = pages.personas(organisation, count=people)
    counts: dict[str, list[int]] = {}
    for page in pages.PAGES:
        for values in (personas[page.who] or personas["admin"])[:people]:
            client = pages.signed_in(values["person"])
            path = page.path.format(**values)
            client.get(path)  # the first request of a session may write its bookkeeping
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, (page.name, path)
            counts.setdefault(page.name, []).append(len(queries))
    return counts


def test_no_page_makes_more_queries_on_a_larger_organisation():
    small = _counts(seed(people=80, years=0.5, slug="small").organisation, 16)
    large = _counts(seed(people=800, years=2, slug="large").organisation, 6)
    grown = {
        name: (small[name], large[name]) for name in small if max(large[name]) > max(small[name])
    }
    assert not grown, f"query counts grew with the data (small, large): {grown}"
