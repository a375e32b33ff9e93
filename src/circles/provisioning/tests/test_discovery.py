"""ServiceProviderConfig, ResourceTypes and Schemas describe exactly what is served."""

from __future__ import annotations

import pytest

from circles.provisioning.mapping import CORE_SCHEMA, ENTERPRISE_SCHEMA

pytestmark = pytest.mark.django_db


def test_the_config_declares_what_is_and_is_not_supported(client):
    config = client.get("/scim/v2/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["etag"]["supported"] is True
    for unsupported in ("bulk", "sort", "changePassword"):
        assert config[unsupported]["supported"] is False


def test_the_user_resource_type_has_the_enterprise_extension(scim):
    resource_types = scim.get("ResourceTypes").json()["Resources"]
    assert [(rt["id"], rt["endpoint"], rt["schema"]) for rt in resource_types] == [
        ("User", "/Users", CORE_SCHEMA)
    ]
    assert resource_types[0]["schemaExtensions"] == [
        {"schema": ENTERPRISE_SCHEMA, "required": False}
    ]
    assert scim.get("ResourceTypes/User").status_code == 200
    assert scim.get("ResourceTypes/Group").status_code == 404


def test_the_user_schema_lists_only_what_a_person_has(scim):
    schemas = {schema["id"]: schema for schema in scim.get("Schemas").json()["Resources"]}
    assert set(schemas) == {CORE_SCHEMA, ENTERPRISE_SCHEMA}
    core = {attribute["name"]: attribute for attribute in schemas[CORE_SCHEMA]["attributes"]}
    assert set(core) == {
        "userName", "name", "displayName", "title", "timezone", "active", "emails",
    }  # fmt: skip
    assert core["userName"]["uniqueness"] == "server"
    assert core["userName"]["caseExact"] is False
    assert core["emails"]["required"] is True
    assert "Europe/Berlin" in core["timezone"]["canonicalValues"]
    enterprise = [attribute["name"] for attribute in schemas[ENTERPRISE_SCHEMA]["attributes"]]
    assert enterprise == ["employeeNumber", "department", "manager"]
    assert scim.get(f"Schemas/{CORE_SCHEMA}").json()["id"] == CORE_SCHEMA


def test_discovery_endpoints_refuse_filters(scim):
    assert scim.get("Schemas", filter='id eq "x"').status_code == 403


def test_etags_guard_against_lost_updates(scim):
    created = scim.create(title="Analyst")
    shown = scim.get(f"Users/{created['id']}")
    etag = shown["ETag"]
    stale = scim._send(
        "patch",
        f"Users/{created['id']}",
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "title", "value": "Engineer"}],
        },
        HTTP_IF_MATCH='W/"stale"',
    )
    assert stale.status_code == 412
    fresh = scim._send(
        "patch",
        f"Users/{created['id']}",
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "title", "value": "Engineer"}],
        },
        HTTP_IF_MATCH=etag,
    )
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    not_modified = scim.client.get(
        f"/scim/v2/Users/{created['id']}",
        HTTP_AUTHORIZATION=f"Bearer {scim.secret}",
        HTTP_IF_NONE_MATCH=fresh["ETag"],
    )
    assert not_modified.status_code == 304


def test_a_write_that_landed_after_the_read_is_not_undone(scim):
    from scim2_models import PreconditionFailedException

    from circles.orgs.models import Person
    from circles.provisioning.schema import USER_RESOURCE_TYPE
    from circles.provisioning.storage import PeopleStorage

    created = scim.create(title="Analyst")
    storage = PeopleStorage(organisation=scim.organisation)
    read = storage.get(USER_RESOURCE_TYPE, created["id"])
    assert read.meta is not None
    scim.patch(f"Users/{created['id']}", {"op": "replace", "path": "title", "value": "Engineer"})
    with pytest.raises(PreconditionFailedException):
        storage.update(USER_RESOURCE_TYPE, read, expected_version=read.meta.version)
    with pytest.raises(PreconditionFailedException):
        storage.delete(USER_RESOURCE_TYPE, created["id"], expected_version=read.meta.version)
    person = Person.objects.get(pk=created["id"])
    assert person.job_family == "Engineer"
    assert person.is_active


def test_an_unsupported_method_is_a_scim_405_not_a_redirect(scim):
    response = scim.get("Bulk")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/scim+json"
    assert response["Allow"] == "POST"
