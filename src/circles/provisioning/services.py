"""Writes from identity providers: provisioning, updating and deprovisioning people.

Every change to a person goes through ``circles.orgs.people.services``; this module only
decides what a SCIM User means for them and keeps what the provider sent (``ScimIdentity``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.orgs.models import Organisation, Person
from circles.orgs.people.services import (
    person_create,
    person_deactivate,
    person_reactivate,
    person_update,
)

from .mapping import current_fields, person_fields, render, user_name_key
from .models import ScimIdentity
from .selectors import scim_person

MAX_USER_NAME_LENGTH = 255


class ScimConflict(DomainError):
    """A unique value (userName, email, employee number) that someone else already has."""


def _user_name(data: Mapping[str, Any]) -> str:
    user_name = data.get("userName")
    if not isinstance(user_name, str) or not user_name.strip():
        raise DomainError("userName is required.", field="userName")
    if len(user_name) > MAX_USER_NAME_LENGTH:
        raise DomainError(
            f"userName is longer than {MAX_USER_NAME_LENGTH} characters.", field="userName"
        )
    return user_name


def _check_available(
    organisation: Organisation,
    *,
    person: Person | None,
    user_name: str | None,
    email: str | None,
    employee_id: str | None,
) -> None:
    others = Person.objects.filter(organisation=organisation)
    if person is not None:
        others = others.exclude(pk=person.pk)
    if user_name is not None:
        key = user_name_key(user_name)
        # Someone the provider never wrote goes by their email.
        taken = others.filter(
            Q(scim_identity__user_name_key=key, scim_identity__deleted_at__isnull=True)
            | Q(scim_identity__isnull=True, email=key)
        )
        if taken.exists():
            raise ScimConflict("Someone in this organisation already has that userName.")
    if email is not None and others.filter(email=email).exists():
        raise ScimConflict("Someone in this organisation already has that email.")
    if employee_id and others.filter(employee_id=employee_id).exists():
        raise ScimConflict("Someone in this organisation already has that employee number.")


def _manager(organisation: Organisation, value: str | None) -> Person | None:
    if value is None:
        return None
    manager = scim_person(organisation=organisation, resource_id=value)
    if manager is None:
        raise DomainError(f"The manager “{value}” is not a user here.", field="manager")
    return manager


def _attributes(organisation: Organisation, changes: Mapping[str, Any]) -> dict[str, Any]:
    attributes = dict(changes)
    if "manager" in attributes:
        attributes["manager"] = _manager(organisation, attributes["manager"])
    return attributes


def _set_active(person: Person, active: bool) -> Person:
    if active and not person.is_active:
        return person_reactivate(person=person)
    if not active and person.is_active:
        return person_deactivate(person=person)
    return person


def _remember(person: Person, data: Mapping[str, Any], user_name: str) -> ScimIdentity:
    identity, _ = ScimIdentity.objects.update_or_create(
        person=person,
        defaults={
            "organisation_id": person.organisation_id,
            "user_name": user_name,
            "user_name_key": user_name_key(user_name),
            "attributes": dict(data),
            "deleted_at": None,
        },
    )
    return identity


def _deleted_match(organisation: Organisation, user_name: str, email: str) -> Person | None:
    """Someone the provider deleted and now creates again: they come back, history and all."""
    deleted = Person.objects.filter(
        organisation=organisation, scim_identity__deleted_at__isnull=False
    )
    return (
        deleted.filter(scim_identity__user_name_key=user_name_key(user_name)).first()
        or deleted.filter(email=email).first()
    )


@transaction.atomic
def scim_user_create(*, organisation: Organisation, data: Mapping[str, Any]) -> Person:
    """Provision a person from a SCIM User; someone the provider had deleted comes back."""
    user_name = _user_name(data)
    wanted = person_fields(data)
    returning = _deleted_match(organisation, user_name, wanted.email)
    _check_available(
        organisation,
        person=returning,
        user_name=user_name,
        email=wanted.email,
        employee_id=wanted.employee_id,
    )
    if returning is not None:
        person = person_reactivate(person=returning)
        person_update(
            person=person, **_attributes(organisation, current_fields(person).differences(wanted))
        )
    else:
        attributes = {
            name: value
            for name, value in _attributes(
                organisation, current_fields(_blank(organisation)).differences(wanted)
            ).items()
            if name not in ("full_name", "email")
        }
        person = person_create(
            organisation=organisation,
            full_name=wanted.full_name,
            email=wanted.email,
            source=Person.Source.SCIM,
            **attributes,
        )
    person.refresh_from_db()
    person = _set_active(person, wanted.active is not False)
    _remember(person, data, user_name)
    return person


def _blank(organisation: Organisation) -> Person:
    """A person with every field at its default, to compare a new User against."""
    return Person(organisation=organisation, full_name="", email="")


@transaction.atomic
def scim_user_replace(*, person: Person, data: Mapping[str, Any]) -> Person:
    """Apply a User's new state (after a PUT or PATCH) to the person.

    Only what the provider changed since it last wrote is applied, so an attribute it does
    not manage keeps what was set here.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    identity = ScimIdentity.objects.filter(person=person, deleted_at__isnull=True).first()
    user_name = _user_name(data)
    previous = person_fields(identity.attributes if identity else render(person, None))
    wanted = person_fields(data)
    changes = previous.differences(wanted)
    renamed = identity is None or user_name_key(user_name) != identity.user_name_key
    _check_available(
        person.organisation,
        person=person,
        user_name=user_name if renamed else None,
        email=changes.get("email"),
        employee_id=changes.get("employee_id"),
    )
    if "manager" in changes and changes["manager"] == str(person.pk):
        raise DomainError("A person cannot be their own manager.", field="manager")
    person_update(person=person, **_attributes(person.organisation, changes))
    person.refresh_from_db()
    if wanted.active != previous.active:
        # A User without "active" is an active one: removing the attribute brings them back.
        person = _set_active(person, wanted.active is not False)
    _remember(person, data, user_name)
    return person


@transaction.atomic
def scim_user_delete(*, person: Person) -> None:
    """The provider deleted the person: they leave, and the provider no longer sees them.

    Nothing they wrote is removed; a later create with the same userName or email brings
    them back.
    """
    person = person_deactivate(person=person)
    identity = ScimIdentity.objects.filter(person=person).first()
    if identity is None:
        identity = _remember(person, render(person, None), person.email)
    identity.deleted_at = timezone.now()
    identity.save(update_fields=["deleted_at", "updated_at"])
