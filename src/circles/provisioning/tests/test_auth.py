"""Bearer tokens: only a live token gets in, and only to its own organisation's people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from circles.orgs.models import Person
from circles.provisioning.models import ScimToken
from circles.provisioning.tokens import (
    scim_token_authenticate,
    scim_token_create,
    scim_token_revoke,
)
from circles.testing import make_person

from .conftest import user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Token ccscim_x"],
)
def test_requests_without_a_valid_token_are_unauthorised(scim, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = scim.client.get("/scim/v2/Users", **headers)
    assert response.status_code == 401
    assert response.json()["status"] == "401"
    assert response["WWW-Authenticate"] == 'Bearer realm="SCIM"'
    assert (
        scim.client.post(
            "/scim/v2/Users", user(), content_type="application/scim+json", **headers
        ).status_code
        == 401
    )
    assert Person.objects.count() == 1


def test_a_revoked_token_is_unauthorised(scim):
    assert scim.get("Users").status_code == 200
    token = ScimToken.objects.get(organisation=scim.organisation)
    scim_token_revoke(organisation=scim.organisation, prefix=token.prefix)
    assert scim.get("Users").status_code == 401


def test_the_service_provider_config_needs_no_token(client):
    response = client.get("/scim/v2/ServiceProviderConfig")
    assert response.status_code == 200
    assert response.json()["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_schemas_and_resource_types_need_a_token(scim, client):
    assert client.get("/scim/v2/Schemas").status_code == 401
    assert client.get("/scim/v2/ResourceTypes").status_code == 401
    assert scim.get("Schemas").status_code == 200


def test_a_token_sees_only_its_own_organisations_people(scim, other_scim):
    theirs = make_person(other_scim.organisation, "Their Person", external_id="t-1")
    listed = scim.get("Users").json()
    assert [resource["id"] for resource in listed["Resources"]] == [str(scim.admin.pk)]
    assert scim.get("Users", filter=f'userName eq "{theirs.email}"').json()["totalResults"] == 0
    assert scim.get("Users", filter='externalId eq "t-1"').json()["totalResults"] == 0


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_another_organisations_person_is_not_found(scim, other_scim, method):
    theirs = make_person(other_scim.organisation, "Their Person")
    if method == "get":
        response = scim.get(f"Users/{theirs.pk}")
    elif method == "put":
        response = scim.put(f"Users/{theirs.pk}", user())
    elif method == "patch":
        response = scim.patch(
            f"Users/{theirs.pk}", {"op": "replace", "path": "active", "value": False}
        )
    else:
        response = scim.delete(f"Users/{theirs.pk}")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    assert theirs.full_name == "Their Person"


def test_the_same_email_may_be_provisioned_in_two_organisations(scim, other_scim):
    scim.create()
    other_scim.create()
    assert Person.objects.filter(email="ada.lovelace@example.com").count() == 2


def test_a_manager_must_be_in_the_same_organisation(scim, other_scim):
    theirs = make_person(other_scim.organisation)
    body = user(enterprise={"manager": {"value": str(theirs.pk)}})
    assert scim.post("Users", body).status_code == 400


def test_token_use_is_recorded_at_most_once_a_minute(scim):
    token = ScimToken.objects.get(organisation=scim.organisation)
    assert token.last_used_at is None
    scim.get("Users")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    scim.get("Users")
    token.refresh_from_db()
    assert token.last_used_at == first
    ScimToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=5))
    scim.get("Users")
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(minutes=5)
    assert token.last_used_at <= timezone.now()


def test_only_the_digest_of_a_token_is_stored(scim):
    token = ScimToken.objects.get(organisation=scim.organisation)
    assert scim.secret not in (token.digest, token.prefix)
    assert len(token.digest) == 64
    assert token.created_by == scim.admin


def test_tokens_are_made_only_by_someone_in_the_organisation(scim, other_scim):
    from circles.lib.errors import DomainError

    with pytest.raises(DomainError):
        scim_token_create(organisation=scim.organisation, created_by=other_scim.admin)


def test_a_token_with_a_near_miss_secret_is_refused(scim):
    assert scim_token_authenticate(secret=scim.secret[:-1]) is None
    assert scim_token_authenticate(secret=scim.secret + "x") is None
    assert scim_token_authenticate(secret=scim.secret) is not None


def test_a_request_for_an_unknown_host_is_a_400(scim):
    response = scim.client.get(
        "/scim/v2/Users", HTTP_HOST="evil.example", HTTP_AUTHORIZATION=f"Bearer {scim.secret}"
    )
    assert response.status_code == 400


def test_an_oversized_body_is_a_413(scim, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = scim.post("Users", {"userName": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["status"] == "413"
