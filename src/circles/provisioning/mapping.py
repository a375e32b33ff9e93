"""SCIM User <-> person: the one place that says which attribute means what.

A SCIM User arrives as JSON (the form scim2-models dumps). ``person_fields`` reads what it says
about the person; ``render`` writes a person back as a SCIM User, starting from what the
identity provider last sent so that attributes with no home on a person (name parts,
displayName, further emails) read back unchanged. Where the person's own field differs from
what was sent (an admin edited it, or it was normalised), the person's value is shown.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from circles.accounts.models import normalise_email
from circles.orgs.models import Person

CORE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# What a person's time zone is when the identity provider gives none.
DEFAULT_TIME_ZONE = "UTC"


@dataclass(frozen=True)
class PersonFields:
    """What a SCIM User says about a person, in the person's own terms."""

    full_name: str
    email: str
    external_id: str
    job_family: str
    time_zone: str
    employee_id: str
    department: str
    # The manager's SCIM id, as sent (resolved to a person by the services).
    manager: str | None
    # None: the User says nothing about it.
    active: bool | None

    def differences(self, other: PersonFields) -> dict[str, Any]:
        """The person attributes whose value differs in ``other`` (active aside)."""
        return {
            item.name: getattr(other, item.name)
            for item in fields(self)
            if item.name != "active" and getattr(self, item.name) != getattr(other, item.name)
        }


def user_name_key(user_name: str) -> str:
    """A userName as SCIM compares it: NFC, lower case (userName is not case-exact)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", user_name).lower())


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _emails(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    emails = data.get("emails")
    return [item for item in emails if isinstance(item, dict)] if isinstance(emails, list) else []


def _primary_email_index(emails: list[dict[str, Any]]) -> int | None:
    for index, item in enumerate(emails):
        if item.get("primary") is True:
            return index
    return 0 if emails else None


def _full_name(data: Mapping[str, Any]) -> str:
    name = _dict(data.get("name"))
    parts = [_text(name.get("givenName")), _text(name.get("familyName"))]
    for candidate in (
        _text(name.get("formatted")),
        _text(data.get("displayName")),
        " ".join(part for part in parts if part),
        _text(data.get("userName")),
    ):
        if candidate:
            return candidate
    return ""


def person_fields(data: Mapping[str, Any]) -> PersonFields:
    emails = _emails(data)
    primary = _primary_email_index(emails)
    email = _text(emails[primary].get("value")) if primary is not None else ""
    if not email and "@" in _text(data.get("userName")):
        email = _text(data.get("userName"))
    enterprise = _dict(data.get(ENTERPRISE_SCHEMA))
    manager = _dict(enterprise.get("manager")).get("value")
    active = data.get("active")
    return PersonFields(
        full_name=_full_name(data),
        email=normalise_email(email),
        external_id=_text(data.get("externalId")),
        job_family=_text(data.get("title")),
        time_zone=_text(data.get("timezone")) or DEFAULT_TIME_ZONE,
        employee_id=_text(enterprise.get("employeeNumber")),
        department=_text(enterprise.get("department")),
        manager=_text(manager) or None,
        active=active if isinstance(active, bool) else None,
    )


def current_fields(person: Person) -> PersonFields:
    return PersonFields(
        full_name=person.full_name,
        email=person.email,
        external_id=person.external_id,
        job_family=person.job_family,
        time_zone=person.time_zone,
        employee_id=person.employee_id,
        department=person.department,
        manager=str(person.manager_id) if person.manager_id is not None else None,
        active=person.is_active,
    )


def _set_or_drop(target: dict[str, Any], key: str, value: str | None) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)


def render(person: Person, stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The person as a SCIM User (JSON, without id and meta).

    ``stored`` is what the identity provider last sent, or None for someone it never wrote.
    """
    out: dict[str, Any] = copy.deepcopy(dict(stored)) if stored else {}
    out.pop("id", None)
    out.pop("meta", None)
    sent = person_fields(out)
    now = current_fields(person)
    if not out.get("userName"):
        out["userName"] = person.email
    if sent.full_name != now.full_name:
        name = _dict(out.get("name"))
        name["formatted"] = now.full_name
        out["name"] = name
    if sent.email != now.email:
        emails = _emails(out)
        primary = _primary_email_index(emails)
        if primary is None:
            emails = [{"value": now.email, "type": "work", "primary": True}]
        else:
            emails[primary]["value"] = now.email
        out["emails"] = emails
    if sent.external_id != now.external_id:
        _set_or_drop(out, "externalId", now.external_id)
    if sent.job_family != now.job_family:
        _set_or_drop(out, "title", now.job_family)
    if sent.time_zone != now.time_zone:
        out["timezone"] = now.time_zone
    # Someone the provider never wrote is shown with their state; otherwise only a
    # difference, or a leaver, says anything the provider did not.
    if (
        stored is None
        or (sent.active is None and not person.is_active)
        or (sent.active is not None and sent.active != person.is_active)
    ):
        out["active"] = person.is_active
    enterprise = _dict(out.get(ENTERPRISE_SCHEMA))
    if sent.employee_id != now.employee_id:
        _set_or_drop(enterprise, "employeeNumber", now.employee_id)
    if sent.department != now.department:
        _set_or_drop(enterprise, "department", now.department)
    if sent.manager != now.manager:
        if now.manager is None:
            enterprise.pop("manager", None)
        else:
            enterprise["manager"] = {"value": now.manager, "$ref": f"Users/{now.manager}"}
    schemas = [schema for schema in out.get("schemas") or [] if isinstance(schema, str)]
    if CORE_SCHEMA not in schemas:
        schemas.insert(0, CORE_SCHEMA)
    if enterprise:
        out[ENTERPRISE_SCHEMA] = enterprise
        if ENTERPRISE_SCHEMA not in schemas:
            schemas.append(ENTERPRISE_SCHEMA)
    else:
        out.pop(ENTERPRISE_SCHEMA, None)
        schemas = [schema for schema in schemas if schema != ENTERPRISE_SCHEMA]
    out["schemas"] = schemas
    return out
