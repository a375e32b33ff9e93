"""No input reaches a 500: arbitrary bodies, PATCH operations, filters and paging values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.orgs.models import Person
from circles.provisioning.mapping import CORE_SCHEMA, ENTERPRISE_SCHEMA
from circles.testing import make_org

from .conftest import PATCH_SCHEMA, scim_for

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NAMES = st.sampled_from(
    [
        "schemas", "id", "userName", "name", "formatted", "givenName", "familyName",
        "displayName", "title", "timezone", "active", "emails", "value", "type", "primary",
        "externalId", "meta", ENTERPRISE_SCHEMA, "employeeNumber", "department", "manager",
        "$ref", "password", "nickName",
    ]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["Europe/Berlin", "a@b.example", CORE_SCHEMA, "1", "true", "Users/1"])
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(NAMES | st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


def user_like() -> st.SearchStrategy[dict[str, Any]]:
    """Mostly well-formed Users with arbitrary values, so the fuzzing reaches the storage."""
    return st.fixed_dictionaries(
        {"schemas": st.just([CORE_SCHEMA]) | st.just([CORE_SCHEMA, ENTERPRISE_SCHEMA]) | JSON},
        optional={
            "userName": st.emails().map(str) | SCALARS,
            "emails": st.lists(
                st.fixed_dictionaries(
                    {"value": st.emails().map(str) | SCALARS},
                    optional={"primary": st.booleans() | SCALARS, "type": SCALARS},
                ),
                max_size=3,
            )
            | JSON,
            "name": st.dictionaries(st.sampled_from(["formatted", "givenName"]), SCALARS) | JSON,
            "active": st.booleans() | SCALARS,
            "timezone": SCALARS,
            "externalId": SCALARS,
            ENTERPRISE_SCHEMA: st.fixed_dictionaries(
                {},
                optional={
                    "employeeNumber": SCALARS,
                    "department": SCALARS,
                    "manager": st.fixed_dictionaries({"value": SCALARS}) | JSON,
                },
            )
            | JSON,
            "id": SCALARS,
            "meta": JSON,
        },
    )


def assert_clean(response: Any) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        body = response.json()
        assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert body["status"] == str(response.status_code)


@pytest.fixture
def fuzz_scim(db: None):
    scim = scim_for(make_org())
    scim.target = scim.create()["id"]
    return scim


@FUZZ
@given(body=user_like() | JSON)
def test_any_creation_body_is_answered_cleanly(fuzz_scim, body):
    assert_clean(fuzz_scim.post("Users", body))


@FUZZ
@given(body=user_like() | JSON)
def test_any_replacement_body_is_answered_cleanly(fuzz_scim, body):
    before = Person.objects.count()
    assert_clean(fuzz_scim.put(f"Users/{fuzz_scim.target}", body))
    assert Person.objects.count() == before


@FUZZ
@given(
    operations=st.lists(
        st.fixed_dictionaries(
            {"op": st.sampled_from(["add", "replace", "remove", "Replace", "move"]) | SCALARS},
            optional={
                "path": st.sampled_from(
                    [
                        "active",
                        "title",
                        "userName",
                        "emails",
                        "emails[primary eq true].value",
                        "name.formatted",
                        "timezone",
                        "externalId",
                        "id",
                        "meta",
                        f"{ENTERPRISE_SCHEMA}:manager",
                        f"{ENTERPRISE_SCHEMA}:department",
                        "nickName",
                        "emails[",
                        "",
                    ]
                )
                | st.text(max_size=30),
                "value": JSON | user_like(),
            },
        ),
        max_size=4,
    )
    | JSON
)
def test_any_patch_is_answered_cleanly(fuzz_scim, operations):
    body = {"schemas": [PATCH_SCHEMA], "Operations": operations}
    assert_clean(fuzz_scim._send("patch", f"Users/{fuzz_scim.target}", body))


FILTER_WORDS = st.sampled_from(
    [
        "userName", "externalId", "id", "emails", "emails.value", "name.formatted", "title",
        "active", "meta.lastModified", "timezone", f"{ENTERPRISE_SCHEMA}:manager.value",
        "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "or", "not",
        "(", ")", "[", "]", '"x"', '"ada.lovelace@example.com"', "true", "false", "null",
        "12", '"2024-01-01T00:00:00Z"', '"\\"', "\x00",
    ]
)  # fmt: skip


@FUZZ
@given(
    filter_=st.lists(FILTER_WORDS, max_size=8).map(" ".join) | st.text(max_size=60),
    start=st.none() | st.integers(-(2**65), 2**65).map(str) | st.text(max_size=8),
    count=st.none() | st.integers(-(2**65), 2**65).map(str) | st.text(max_size=8),
    attributes=st.none() | st.text(max_size=20) | st.sampled_from(["userName", "emails.value"]),
)
def test_any_search_is_answered_cleanly(fuzz_scim, filter_, start, count, attributes):
    params = {
        key: value
        for key, value in {
            "filter": filter_,
            "startIndex": start,
            "count": count,
            "attributes": attributes,
        }.items()
        if value is not None
    }
    assert_clean(fuzz_scim.get("Users", **params))


@FUZZ
@given(
    start=st.integers(-(2**70), 2**70) | st.sampled_from([2**63 - 1, 2**63, 2**64 + 1]),
    count=st.none() | st.integers(-(2**70), 2**70) | st.sampled_from([0, 1, 2**63]),
    filtered=st.booleans(),
)
def test_any_paging_is_answered_cleanly(fuzz_scim, start, count, filtered):
    params = {"startIndex": str(start)}
    if count is not None:
        params["count"] = str(count)
    if filtered:
        params["filter"] = 'userName sw "a"'
    response = fuzz_scim.get("Users", **params)
    assert_clean(response)
    assert response.status_code == 200


@FUZZ
@given(
    method=st.sampled_from(["get", "post", "put", "patch", "delete", "head", "options"]),
    path=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="?#"), max_size=30)
    | st.sampled_from(["Users/", "Users/1/x", "Schemas/x", "ResourceTypes/User", ".search"]),
    body=JSON,
)
def test_any_path_and_method_is_answered_cleanly(fuzz_scim, method, path, body):
    response = fuzz_scim._send(method, path.lstrip("/"), json.dumps(body))
    assert response.status_code < 500, response.content
