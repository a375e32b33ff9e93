"""What the SCIM endpoint serves: the User resource as Coaching Circles keeps it.

The User schema lists only the attributes a person here has, so that an identity provider (and
a compliance checker) sees exactly what is stored. An email is required: every person needs one
to be reached and to sign in.
"""

from __future__ import annotations

import zoneinfo
from typing import Annotated, Any

from pydantic import Field, field_validator
from scim2_models import (
    URN,
    AnyExtension,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    ExtensibleStringEnum,
    Extension,
    Filter,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

# The largest page of a search, and the page a search without a count gets.
MAX_RESULTS = 200
TIME_ZONES = sorted(zoneinfo.available_timezones())


class Name(ComplexAttribute):
    formatted: str | None = None
    """The full name, as shown in Coaching Circles."""

    family_name: str | None = None
    given_name: str | None = None


class EmailType(ExtensibleStringEnum):
    work = "work"
    home = "home"
    other = "other"


class Email(ComplexAttribute):
    # Checked as people's emails are checked everywhere, by the person services.
    value: Annotated[str | None, Required.true] = None
    """The address; the primary one is the person's email."""

    type: EmailType | None = None
    primary: bool | None = None


class User(Resource[AnyExtension]):
    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    """How the identity provider names the person; usually their email."""

    name: Name | None = None
    display_name: str | None = None

    title: str | None = None
    """The person's job title (their job family or role here)."""

    timezone: str | None = Field(None, examples=TIME_ZONES)
    """An IANA time zone name, e.g. Europe/Berlin: meetings are planned in it."""

    active: bool | None = None
    """False when the person has left: they are signed out and leave their circles."""

    emails: Annotated[list[Email] | None, Required.true] = None


class Manager(ComplexAttribute):
    value: Annotated[str | None, Required.true, CaseExact.true] = None
    """The id of the manager's User."""

    ref: Reference[User] | None = Field(None, serialization_alias="$ref", validation_alias="$ref")


class EnterpriseUser(Extension):
    __schema__ = URN("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")

    employee_number: Annotated[str | None, Uniqueness.server] = None
    """The HR system's employee id."""

    department: str | None = None
    manager: Manager | None = None

    @field_validator("manager", mode="before")
    @classmethod
    def _manager_id_alone(cls, value: Any) -> Any:
        # Microsoft Entra ID sends the manager as a bare id rather than {"value": id}.
        return {"value": value} if isinstance(value, str) else value


USER_RESOURCE_TYPE = ResourceType.from_resource(User[EnterpriseUser])


def service_provider_config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description=(
                    "A per-organisation token made with `circles scim_token --organisation "
                    "SLUG`, sent as `Authorization: Bearer <token>`."
                ),
                primary=True,
            )
        ],
    )


def provider() -> ScimProvider:
    return ScimProvider(
        models=[User, EnterpriseUser],
        resource_types=[USER_RESOURCE_TYPE],
        config=service_provider_config(),
    )


def user_model() -> Any:
    return User[EnterpriseUser]
