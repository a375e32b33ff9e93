"""The database narrowing of a filter never loses a user the exact evaluation would match."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.provisioning import storage
from circles.provisioning.mapping import ENTERPRISE_SCHEMA
from circles.provisioning.models import ScimIdentity
from circles.testing import make_org

from .conftest import scim_for

pytestmark = pytest.mark.django_db

# Letters whose case or normal form folds onto ASCII, mixed with plain ones.
TRICKY = "aAiIkKsS;`\u0130\u212a\u037e\u1fef\u00e9e\u0301 -_.@"
VALUES = st.text(alphabet=TRICKY, min_size=1, max_size=8)
ATTRIBUTES = [
    "userName",
    "displayName",
    "title",
    "name.givenName",
    "name.formatted",
    "externalId",
    "emails.value",
    f"{ENTERPRISE_SCHEMA}:department",
    f"{ENTERPRISE_SCHEMA}:employeeNumber",
]


@pytest.fixture
def people(db: None):
    scim = scim_for(make_org())
    for number, name in enumerate(["İpek Kaya", "Kelvin \u212aim", "Semi;colon `tick`", "José"]):
        scim.create(
            f"user{number}.{name[:3]}",
            email=f"user{number}@example.com",
            displayName=name,
            title=name.upper(),
            name={"givenName": name.split()[0], "formatted": name},
            externalId=name,
            enterprise={"department": name.lower(), "employeeNumber": f"E{number}{name[-2:]}"},
        )
    return scim


def everyone_matching(scim, expression: str, monkeypatch) -> list[str]:
    with monkeypatch.context() as patched:
        patched.setattr(storage, "narrowing", lambda node: None)
        return ids(scim, expression)


def ids(scim, expression: str) -> list[str]:
    response = scim.get("Users", filter=expression)
    assert response.status_code == 200, response.content
    return [resource["id"] for resource in response.json()["Resources"]]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    attribute=st.sampled_from(ATTRIBUTES),
    op=st.sampled_from(["eq", "co", "sw", "ew"]),
    value=VALUES,
)
def test_narrowed_searches_find_what_a_full_scan_finds(people, monkeypatch, attribute, op, value):
    expression = f'{attribute} {op} "{value}"'
    assert ids(people, expression) == everyone_matching(people, expression, monkeypatch)


@pytest.mark.parametrize(
    "expression",
    [
        'displayName co "i"',
        'displayName co "K"',
        'title sw "İPEK"',
        'title co ";"',
        'name.formatted co "kelvin k"',
        'userName sw "USER1"',
        'emails.value ew "@EXAMPLE.COM"',
        f'{ENTERPRISE_SCHEMA}:department eq "josé"',
    ],
)
def test_unicode_case_folding_does_not_hide_matches(people, monkeypatch, expression):
    found = ids(people, expression)
    assert found
    assert found == everyone_matching(people, expression, monkeypatch)


def test_the_stored_attributes_are_what_narrowing_searches(people):
    assert ScimIdentity.objects.filter(attributes__icontains="kaya").exists()


@pytest.mark.parametrize(
    ("user_name", "title", "expression"),
    [
        ("\u212aelvin", "", 'userName sw "KEL"'),
        ("semi", "Semi\u037e", 'title ew "I;"'),
        ("varia", "x\u1fefy", 'title eq "x`y"'),
    ],
)
def test_a_non_ascii_letter_that_folds_onto_ascii_still_matches(
    scim, monkeypatch, user_name, title, expression
):
    attributes = {"title": title} if title else {}
    created = scim.create(user_name, email="someone@example.com", **attributes)
    assert ids(scim, expression) == [created["id"]]
    assert everyone_matching(scim, expression, monkeypatch) == [created["id"]]
