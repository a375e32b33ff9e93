"""Garbage in every form and query string: never a 500, and a refused write changes nothing.

Hypothesis fills each write's fields (and some it does not expect) with text of any length and
alphabet, NUL bytes, huge and negative numbers, dates at and past the limits, lists, and ids of
another organisation's records, posted by someone who may write there (a member, or the
programme's lead). Every page's query string gets the same treatment.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.tests.authorization_world import sign_in
from circles.tests.test_authorization_matrix import ROWS
from circles.tests.test_write_matrix import WRITES, snapshot
from circles.tests.test_write_matrix import probe as probe

pytestmark = pytest.mark.django_db

EXAMPLES = 12
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Forms with many fields (a formation's choices, a person's record) draw large inputs by
    # design: that is the garbage under test, not a problem of the strategy.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def scalars(foreign_ids: list[int]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=5_000, max_size=20_000),
        st.just("\x00"),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(
            [
                "0001-01-01",
                "9999-12-31",
                "9999-12-31T23:59",
                "2100-12-31T23:59",
                "1899-12-31",
                "2024-02-30",
                "00:00",
                "24:61",
                "FREQ=SECONDLY;INTERVAL=0",
                "NaN",
                "-0",
                "1e400",
                "on",
                "yes",
                "",
            ]
        ),
        st.sampled_from(foreign_ids).map(str) if foreign_ids else st.just("1"),
    )


def form_data(fields: list[str], foreign_ids: list[int]) -> st.SearchStrategy[dict[str, Any]]:
    value = st.one_of(scalars(foreign_ids), st.lists(scalars(foreign_ids), max_size=4))
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value))
    extra = st.dictionaries(st.text(min_size=1, max_size=20), value, max_size=3)
    return st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]})


def foreign(probe) -> list[int]:
    """Ids of the other organisation's records: a write may name them, and must refuse."""
    world = probe.world
    return [world.other_admin.pk, world.other_meeting.pk, world.other_circle.pk, 2**63 + 1]


@pytest.mark.parametrize("name", sorted(WRITES))
def test_garbage_in_a_write_is_never_a_500_and_a_refusal_changes_nothing(probe, client, name):
    writers, data = WRITES[name]
    kwargs, example = data(probe)
    url = reverse(name, kwargs=kwargs)
    writer = "lead" if "lead" in writers else sorted(writers)[0]
    sign_in(client, probe, writer)

    @FUZZ
    @given(form_data(list(example), foreign(probe)))
    def attempt(post: dict[str, Any]) -> None:
        before = snapshot()
        response = client.post(url, post)
        assert response.status_code < 500, (name, post)
        if response.status_code >= 400:
            assert snapshot() == before, (name, post)

    attempt()


PAGES = sorted(name for name, (policy, _args) in ROWS.items() if policy.get("member") == 200)


@pytest.mark.parametrize("name", PAGES)
def test_garbage_in_a_query_string_is_never_a_500(probe, client, name):
    _policy, args = ROWS[name]
    url = reverse(name, kwargs=args(probe))
    sign_in(client, probe, "member")

    @FUZZ
    @given(
        st.dictionaries(
            st.sampled_from(
                [
                    "page",
                    "q",
                    "level",
                    "department",
                    "sort",
                    "range",
                    "fmt",
                    "commitments",
                    "goals",
                    "month",
                    "status",
                    "next",
                    "x",
                ]
            ),
            st.one_of(scalars(foreign(probe)), st.lists(scalars(foreign(probe)), max_size=3)),
            max_size=4,
        )
    )
    def attempt(query: dict[str, Any]) -> None:
        response = client.get(url, query)
        assert response.status_code < 500, (name, query)

    attempt()
