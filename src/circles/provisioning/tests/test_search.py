"""Searching users: filters by userName and externalId (case rules per RFC 7644), paging."""

from __future__ import annotations

import pytest

from circles.testing import make_person

pytestmark = pytest.mark.django_db


def total(scim, **params) -> int:
    response = scim.get("Users", **params)
    assert response.status_code == 200, response.content
    return response.json()["totalResults"]


def ids(scim, **params) -> list[str]:
    return [resource["id"] for resource in scim.get("Users", **params).json()["Resources"]]


@pytest.mark.parametrize(
    "value", ["Ada.Lovelace@Example.com", "ada.lovelace@example.com", "ADA.LOVELACE@EXAMPLE.COM"]
)
def test_user_name_filters_ignore_case(scim, value):
    created = scim.create()
    assert ids(scim, filter=f'userName eq "{value}"') == [created["id"]]


def test_a_person_added_by_hand_is_found_by_their_email_as_user_name(scim):
    person = make_person(scim.organisation)
    assert ids(scim, filter=f'userName eq "{person.email.upper()}"') == [str(person.pk)]


def test_external_id_filters_are_case_exact(scim):
    created = scim.create(externalId="Entra-42")
    assert ids(scim, filter='externalId eq "Entra-42"') == [created["id"]]
    assert ids(scim, filter='externalId eq "entra-42"') == []


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('userName sw "ada"', ["ada"]),
        ('userName co "LOVE"', ["ada"]),
        ('emails.value ew "@example.com"', ["ada", "bob"]),
        ('emails[type eq "work"]', ["admin", "ada", "bob"]),
        ('title eq "Engineer" and active eq true', ["bob"]),
        ('userName eq "ada.lovelace@example.com" or externalId eq "b-2"', ["ada", "bob"]),
        ("not (title pr)", ["ada", "admin"]),
        ('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Ops"', ["bob"]),
        ('name.givenName eq "Bob"', ["bob"]),
        ("active eq false", []),
        ('meta.resourceType eq "User"', ["admin", "ada", "bob"]),
    ],
)
def test_other_filters_are_evaluated_exactly(scim, expression, expected):
    people = {
        "admin": str(scim.admin.pk),
        "ada": scim.create()["id"],
        "bob": scim.create(
            "bob@example.com",
            externalId="b-2",
            title="Engineer",
            active=True,
            name={"givenName": "Bob", "familyName": "Jones"},
            enterprise={"department": "Ops"},
        )["id"],
    }
    assert sorted(ids(scim, filter=expression)) == sorted(people[name] for name in expected)


@pytest.mark.parametrize(
    "expression",
    ["userName eq", 'nickName eq "x"', 'userName zz "x"', "((", 'active gt "yes"'],
)
def test_an_invalid_filter_is_a_400(scim, expression):
    response = scim.get("Users", filter=expression)
    assert response.status_code == 400
    assert response.json()["scimType"] in {"invalidFilter", "invalidValue", "invalidSyntax"}


def test_results_are_paged_by_start_index_and_count(scim):
    created = [scim.create(f"user{i}@example.com")["id"] for i in range(5)]
    everyone = [str(scim.admin.pk), *created]
    page = scim.get("Users", startIndex=2, count=2).json()
    assert page["totalResults"] == 6
    assert page["startIndex"] == 2
    assert page["itemsPerPage"] == 2
    assert [resource["id"] for resource in page["Resources"]] == everyone[1:3]
    assert ids(scim, startIndex=6, count=10) == everyone[5:]
    assert ids(scim, startIndex=99) == []
    filtered = scim.get("Users", filter='userName sw "user"', startIndex=3, count=2).json()
    assert filtered["totalResults"] == 5
    assert [resource["id"] for resource in filtered["Resources"]] == created[2:4]


def test_a_count_of_zero_gives_only_the_total(scim):
    scim.create()
    page = scim.get("Users", count=0).json()
    assert page["totalResults"] == 2
    assert page.get("Resources", []) == []


def test_a_start_index_below_one_counts_as_one(scim):
    assert ids(scim, startIndex=0) == ids(scim, startIndex=-7) == [str(scim.admin.pk)]


def test_a_page_is_never_larger_than_max_results(scim):
    from circles.provisioning.schema import MAX_RESULTS

    page = scim.get("Users", count=MAX_RESULTS * 10).json()
    assert page["itemsPerPage"] <= MAX_RESULTS


def test_attributes_can_be_selected(scim):
    scim.create(title="Analyst")
    resource = scim.get("Users", attributes="userName").json()["Resources"][-1]
    assert set(resource) == {"schemas", "id", "userName"}
    resource = scim.get("Users", excludedAttributes="title").json()["Resources"][-1]
    assert "title" not in resource


def test_search_with_post_works_like_get(scim):
    created = scim.create()
    response = scim.post(
        "Users/.search",
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": 'userName eq "ADA.lovelace@example.com"',
        },
    )
    assert response.status_code == 200
    assert [resource["id"] for resource in response.json()["Resources"]] == [created["id"]]


def test_sorting_is_declared_unsupported(scim):
    assert scim.get("Users", sortBy="userName").status_code == 501
