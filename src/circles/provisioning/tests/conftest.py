from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from circles.orgs.models import Organisation, Person, Role
from circles.provisioning.mapping import CORE_SCHEMA, ENTERPRISE_SCHEMA
from circles.provisioning.tokens import scim_token_create
from circles.testing import make_org, make_person

PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@dataclass
class Scim:
    """A SCIM client for one organisation, holding one of its tokens."""

    organisation: Organisation
    admin: Person
    secret: str
    client: Client
    # A user to aim requests at, when a test needs one.
    target: str = ""

    def _send(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.secret}", **extra}
        data = "" if body is None else body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.generic(
            method.upper(),
            f"/scim/v2/{path}",
            data,
            content_type="application/scim+json",
            **headers,
        )

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(
            f"/scim/v2/{path}", params, headers={"Authorization": f"Bearer {self.secret}"}
        )

    def post(self, path: str, body: Any) -> Any:
        return self._send("post", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self._send("put", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Any:
        return self._send(
            "patch", path, {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}
        )

    def delete(self, path: str) -> Any:
        return self._send("delete", path)

    def create(
        self, user_name: str = "Ada.Lovelace@Example.com", **attributes: Any
    ) -> dict[str, Any]:
        response = self.post("Users", user(user_name, **attributes))
        assert response.status_code == 201, response.content
        return response.json()


def user(
    user_name: str = "Ada.Lovelace@Example.com",
    email: str | None = None,
    enterprise: dict[str, Any] | None = None,
    **attributes: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": [CORE_SCHEMA],
        "userName": user_name,
        "emails": [{"value": email or user_name, "type": "work", "primary": True}],
        **attributes,
    }
    if enterprise is not None:
        body["schemas"].append(ENTERPRISE_SCHEMA)
        body[ENTERPRISE_SCHEMA] = enterprise
    return body


def scim_for(organisation: Organisation) -> Scim:
    admin = make_person(organisation, "Org Admin", role=Role.ADMIN)
    _token, secret = scim_token_create(organisation=organisation, created_by=admin)
    return Scim(organisation=organisation, admin=admin, secret=secret, client=Client())


@pytest.fixture
def scim(db: None) -> Scim:
    return scim_for(make_org())


@pytest.fixture
def other_scim(db: None) -> Scim:
    return scim_for(make_org())
