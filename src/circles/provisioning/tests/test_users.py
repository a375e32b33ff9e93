"""The /scim/v2/Users endpoint: create, read, replace, PATCH, delete, through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.orgs.models import Person
from circles.orgs.people.services import person_create
from circles.provisioning.mapping import ENTERPRISE_SCHEMA
from circles.provisioning.models import ScimIdentity
from circles.testing import make_person

from .conftest import user

pytestmark = pytest.mark.django_db


def test_creating_a_user_provisions_a_person_with_the_mapped_fields(scim):
    manager = make_person(scim.organisation, "Grace Hopper")
    body = user(
        externalId="entra-42",
        name={"formatted": "Ada Lovelace", "givenName": "Ada", "familyName": "Lovelace"},
        displayName="Ada",
        title="Analyst",
        timezone="Europe/London",
        enterprise={
            "employeeNumber": "E-1815",
            "department": "Engines",
            "manager": {"value": str(manager.pk)},
        },
    )
    response = scim.post("Users", body)
    assert response.status_code == 201
    assert response["Location"].endswith(f"/scim/v2/Users/{response.json()['id']}")
    person = Person.objects.get(pk=response.json()["id"])
    assert person.organisation == scim.organisation
    assert person.source == Person.Source.SCIM
    assert person.full_name == "Ada Lovelace"
    assert person.email == "ada.lovelace@example.com"
    assert person.external_id == "entra-42"
    assert person.job_family == "Analyst"
    assert person.time_zone == "Europe/London"
    assert person.employee_id == "E-1815"
    assert person.department == "Engines"
    assert person.manager == manager
    assert person.is_active
    created = response.json()
    # What the provider sent reads back as sent, the userName's spelling included.
    assert created["userName"] == "Ada.Lovelace@Example.com"
    assert created["displayName"] == "Ada"
    assert created["name"]["givenName"] == "Ada"
    assert created[ENTERPRISE_SCHEMA]["department"] == "Engines"


@pytest.mark.parametrize(
    ("attributes", "full_name"),
    [
        ({"name": {"givenName": "Ada", "familyName": "Lovelace"}}, "Ada Lovelace"),
        ({"displayName": "Countess Lovelace"}, "Countess Lovelace"),
        ({}, "Ada.Lovelace@Example.com"),
    ],
)
def test_the_full_name_comes_from_the_name_parts_or_display_name(scim, attributes, full_name):
    created = scim.create(**attributes)
    assert Person.objects.get(pk=created["id"]).full_name == full_name


def test_a_user_created_inactive_is_a_leaver_from_the_start(scim):
    created = scim.create(active=False)
    assert not Person.objects.get(pk=created["id"]).is_active
    assert scim.get(f"Users/{created['id']}").json()["active"] is False


@pytest.mark.parametrize(
    "user_name",
    ["ada.lovelace@example.com", "ADA.LOVELACE@EXAMPLE.COM", "Ada.Lovelace@Example.com"],
)
def test_a_taken_user_name_is_a_conflict_whatever_its_case(scim, user_name):
    scim.create()
    response = scim.post("Users", user(user_name, email="someone.else@example.com"))
    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"
    assert Person.objects.filter(organisation=scim.organisation).count() == 2


def test_a_taken_email_is_a_conflict(scim):
    person_create(organisation=scim.organisation, full_name="Ada", email="ada@example.com")
    response = scim.post("Users", user("ada-login", email="ADA@example.com"))
    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"
    assert not ScimIdentity.objects.exists()


def test_a_taken_employee_number_is_a_conflict(scim):
    make_person(scim.organisation, employee_id="E-1")
    response = scim.post("Users", user(enterprise={"employeeNumber": "E-1"}))
    assert response.status_code == 409


def test_someone_added_by_hand_is_seen_with_their_email_as_user_name(scim):
    person = make_person(scim.organisation, "Hand Made", department="Sales")
    shown = scim.get(f"Users/{person.pk}").json()
    assert shown["userName"] == person.email
    assert shown["name"]["formatted"] == "Hand Made"
    assert shown["emails"] == [{"value": person.email, "type": "work", "primary": True}]
    assert shown["active"] is True
    assert shown[ENTERPRISE_SCHEMA] == {"department": "Sales"}
    # And a provider creating them again is told they exist.
    assert scim.post("Users", user(person.email.upper())).status_code == 409


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (user(timezone="Mars/Olympus"), "time zone"),
        (user(email="not an email"), "email"),
        (user(enterprise={"manager": {"value": "999999"}}), "manager"),
        (user(enterprise={"manager": {"value": "abc"}}), "manager"),
        (user(enterprise={"manager": {"value": "\u00b2"}}), "manager"),
        (user(enterprise={"manager": {"value": "9" * 30}}), "manager"),
        (user(name={"formatted": "x" * 300}), "200"),
        (user(externalId="x" * 300), "255"),
        (user("u" * 300), "userName"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(scim, body, detail):
    before = Person.objects.count()
    response = scim.post("Users", body)
    assert response.status_code == 400
    assert response.json()["status"] == "400"
    assert detail in response.json()["detail"]
    assert Person.objects.count() == before
    assert not ScimIdentity.objects.exists()


def test_a_user_without_an_email_is_refused(scim):
    body = user()
    del body["emails"]
    response = scim.post("Users", body)
    assert response.status_code == 400
    assert not ScimIdentity.objects.exists()


def test_a_body_that_is_not_json_is_refused(scim):
    assert scim.post("Users", "{not json").status_code == 400
    response = scim.client.post(
        "/scim/v2/Users",
        "userName=x",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Bearer {scim.secret}",
    )
    assert response.status_code == 415


def test_replacing_a_user_updates_the_person(scim):
    created = scim.create(title="Analyst", enterprise={"department": "Engines"})
    body = user(
        "ada@example.com",
        name={"formatted": "Ada King"},
        title="Engineer",
        enterprise={"department": "Analytical Engines"},
    )
    response = scim.put(f"Users/{created['id']}", body)
    assert response.status_code == 200
    person = Person.objects.get(pk=created["id"])
    assert (person.full_name, person.email, person.job_family, person.department) == (
        "Ada King",
        "ada@example.com",
        "Engineer",
        "Analytical Engines",
    )
    assert response.json()["userName"] == "ada@example.com"


def test_a_replacement_leaves_alone_what_the_provider_does_not_manage(scim):
    created = scim.create()
    person = Person.objects.get(pk=created["id"])
    # The person set their own time zone here; the provider never sends one.
    person.time_zone = "Asia/Tokyo"
    person.save()
    response = scim.put(f"Users/{created['id']}", user(title="Engineer"))
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.time_zone == "Asia/Tokyo"
    assert person.job_family == "Engineer"
    assert response.json()["timezone"] == "Asia/Tokyo"


def test_a_change_made_here_shows_through_scim(scim):
    created = scim.create(name={"formatted": "Ada Lovelace"})
    Person.objects.filter(pk=created["id"]).update(full_name="Ada King", department="R&D")
    shown = scim.get(f"Users/{created['id']}").json()
    assert shown["name"]["formatted"] == "Ada King"
    assert shown[ENTERPRISE_SCHEMA]["department"] == "R&D"


def test_patch_replaces_adds_and_removes_attributes(scim):
    created = scim.create(title="Analyst", externalId="x-1")
    response = scim.patch(
        f"Users/{created['id']}",
        {"op": "replace", "path": "title", "value": "Engineer"},
        {"op": "add", "path": f"{ENTERPRISE_SCHEMA}:department", "value": "Engines"},
        {"op": "remove", "path": "externalId"},
    )
    assert response.status_code == 200
    person = Person.objects.get(pk=created["id"])
    assert (person.job_family, person.department, person.external_id) == (
        "Engineer",
        "Engines",
        "",
    )
    assert "externalId" not in response.json()


def test_patch_can_change_the_primary_email(scim):
    created = scim.create()
    response = scim.patch(
        f"Users/{created['id']}",
        {"op": "replace", "path": "emails[primary eq true].value", "value": "ADA@new.example"},
    )
    assert response.status_code == 200, response.content
    assert Person.objects.get(pk=created["id"]).email == "ada@new.example"


def test_patch_active_false_deactivates_and_true_reactivates(scim):
    created = scim.create()
    person = Person.objects.get(pk=created["id"])
    scim.patch(f"Users/{person.pk}", {"op": "replace", "path": "active", "value": False})
    person.refresh_from_db()
    assert not person.is_active
    assert person.deactivated_at is not None
    scim.patch(f"Users/{person.pk}", {"op": "replace", "value": {"active": True}})
    person.refresh_from_db()
    assert person.is_active


def test_a_patch_to_an_unknown_user_is_not_found(scim):
    response = scim.patch("Users/999999", {"op": "replace", "path": "title", "value": "x"})
    assert response.status_code == 404
    assert response.json()["status"] == "404"


def test_an_invalid_patch_is_refused_and_changes_nothing(scim):
    created = scim.create(title="Analyst")
    response = scim.patch(
        f"Users/{created['id']}",
        {"op": "replace", "path": "title", "value": "Engineer"},
        {"op": "replace", "path": "timezone", "value": "Nowhere/Land"},
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=created["id"]).job_family == "Analyst"


def test_a_manager_cannot_report_to_their_own_report(scim):
    boss = scim.create("boss@example.com")
    report = scim.create("report@example.com", enterprise={"manager": {"value": boss["id"]}})
    response = scim.patch(
        f"Users/{boss['id']}",
        {"op": "add", "path": f"{ENTERPRISE_SCHEMA}:manager", "value": {"value": report["id"]}},
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=boss["id"]).manager is None


def test_deleting_a_user_deactivates_and_hides_them(scim):
    created = scim.create()
    assert scim.delete(f"Users/{created['id']}").status_code == 204
    person = Person.objects.get(pk=created["id"])
    assert not person.is_active
    assert scim.get(f"Users/{created['id']}").status_code == 404
    assert scim.delete(f"Users/{created['id']}").status_code == 404
    listed = scim.get("Users").json()
    assert created["id"] not in [resource["id"] for resource in listed["Resources"]]


def test_creating_a_deleted_user_again_brings_the_same_person_back(scim):
    created = scim.create(title="Analyst")
    scim.delete(f"Users/{created['id']}")
    again = scim.create("ADA.LOVELACE@example.com", title="Engineer")
    assert again["id"] == created["id"]
    person = Person.objects.get(pk=created["id"])
    assert person.is_active
    assert person.job_family == "Engineer"


def test_the_last_admin_cannot_be_deprovisioned(scim):
    response = scim.patch(
        f"Users/{scim.admin.pk}", {"op": "replace", "path": "active", "value": False}
    )
    assert response.status_code == 400
    assert "only admin" in response.json()["detail"]
    scim.admin.refresh_from_db()
    assert scim.admin.is_active


def test_the_root_url_lists_users_with_a_token(scim):
    response = scim.client.get(reverse("scim_root"), HTTP_AUTHORIZATION=f"Bearer {scim.secret}")
    assert response.status_code == 200
    assert response.json()["totalResults"] == 1


def test_an_unknown_endpoint_is_a_scim_404(scim):
    response = scim.client.get(
        reverse("scim", args=["Nothing/here"]), HTTP_AUTHORIZATION=f"Bearer {scim.secret}"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/scim+json"


def test_bulk_and_me_are_declared_unsupported(scim):
    assert scim.post("Bulk", {"schemas": ["x"], "Operations": []}).status_code == 501
    assert scim.get("Me").status_code == 501
