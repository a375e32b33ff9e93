"""Requests as Microsoft Entra ID and Okta send them, quirks included."""

from __future__ import annotations

import pytest

from circles.orgs.models import Person
from circles.provisioning.mapping import ENTERPRISE_SCHEMA

pytestmark = pytest.mark.django_db


def test_entra_style_patches_are_understood(scim):
    created = scim.create()
    person = Person.objects.get(pk=created["id"])
    operations = [
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "path": 'emails[type eq "work"].value', "value": "Ada.King@Example.com"},
        {"op": "Replace", "path": "name.givenName", "value": "Adaline"},
        {"op": "Add", "path": f"{ENTERPRISE_SCHEMA}:manager", "value": str(scim.admin.pk)},
        {"op": "Replace", "value": {"displayName": "Ada King", "title": "Countess"}},
    ]
    for operation in operations:
        response = scim.patch(f"Users/{person.pk}", operation)
        assert response.status_code == 200, (operation, response.content)
    person.refresh_from_db()
    assert not person.is_active
    assert person.email == "ada.king@example.com"
    assert person.manager == scim.admin
    assert person.job_family == "Countess"
    shown = scim.get(f"Users/{person.pk}").json()
    assert shown["name"]["givenName"] == "Adaline"
    assert shown["displayName"] == "Ada King"


def test_okta_style_lookup_then_put_deactivates(scim):
    scim.create(active=True)
    found = scim.get("Users", filter='userName eq "ada.lovelace@example.com"', count=1).json()
    assert found["totalResults"] == 1
    shown = found["Resources"][0]
    shown["active"] = False
    response = scim.put(f"Users/{shown['id']}", shown)
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert not Person.objects.get(pk=shown["id"]).is_active
