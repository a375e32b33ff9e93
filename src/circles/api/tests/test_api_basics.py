"""The API's common behaviour: tokens, scopes, errors, pages and ETags."""

from __future__ import annotations

import pytest

from circles.api.models import Scope
from circles.api.tests.conftest import token_for

pytestmark = pytest.mark.django_db


def test_it_says_who_the_token_acts_as(world, api):
    secret = token_for(world.member)
    response = api("get", "/api/v1/me", secret)
    assert response.status_code == 200, response.content
    assert response.json()["person_id"] == world.member.pk
    assert response.json()["scope"] == "write"


def test_without_a_token_it_answers_401_in_the_error_shape(world, api):
    response = api("get", "/api/v1/me", None)
    assert response.status_code == 401
    assert response.json() == {
        "message": "A valid API token is required: send Authorization: Bearer <token>.",
        "errors": [],
    }
    assert api("get", "/api/v1/me", "ccapi_wrong").status_code == 401


def test_a_read_token_cannot_write(world, api):
    secret = token_for(world.member, scope=Scope.READ)
    response = api("put", "/api/v1/me/plan", secret, json={"summary": "x"})
    assert response.status_code == 403
    assert "write scope" in response.json()["message"]


def test_invalid_fields_answer_422_with_field_errors(world, api):
    secret = token_for(world.member)
    response = api("put", "/api/v1/me/plan", secret, json={"summary": 5})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "summary"


def test_lists_page_and_reads_carry_an_etag(world, api):
    secret = token_for(world.admin)
    response = api("get", "/api/v1/people?page_size=2", secret)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["page_size"] == 2
    assert len(body["items"]) == 2
    assert body["count"] > 2
    etag = response["ETag"]
    again = api("get", "/api/v1/people?page_size=2", secret, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_the_openapi_document_and_docs_are_served(world, client):
    document = client.get("/api/openapi.json")
    assert document.status_code == 200
    assert document.json()["openapi"].startswith("3.")
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    "field", ["full_name", "email", "level", "time_zone", "department", "work_ends_at"]
)
def test_a_null_for_a_field_that_must_hold_a_value_answers_400_and_changes_nothing(
    world, api, field
):
    secret = token_for(world.admin)
    before = api("get", f"/api/v1/people/{world.member.pk}", secret).json()
    response = api("patch", f"/api/v1/people/{world.member.pk}", secret, json={field: None})
    assert response.status_code == 400, response.content
    assert field in response.content.decode()
    assert api("get", f"/api/v1/people/{world.member.pk}", secret).json() == before


def test_a_null_manager_or_start_date_clears_it(world, api):
    secret = token_for(world.admin)
    response = api(
        "patch",
        f"/api/v1/people/{world.member.pk}",
        secret,
        json={"manager_id": None, "start_date": None},
    )
    assert response.status_code == 200, response.content
    assert response.json()["manager_id"] is None
