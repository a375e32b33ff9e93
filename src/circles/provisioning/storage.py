"""scim2-server's storage interface over one organisation's people.

scim2-server handles the protocol (validation, PATCH, attribute selection, errors); this
adapter reads people through the selectors and writes them through the services, so the same
rules hold as for every other way a person arrives or changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.db import IntegrityError, transaction
from scim2_models import (
    InvalidValueException,
    Meta,
    NotFoundException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    ResponseParameters,
    SearchRequest,
    UniquenessException,
)
from scim2_server.storage import ScimStorage, SearchPage

from circles.lib.errors import DomainError
from circles.orgs.models import Organisation, Person

from .filters import narrowing
from .mapping import render
from .schema import user_model
from .selectors import scim_people, scim_person
from .services import ScimConflict, scim_user_create, scim_user_delete, scim_user_replace

# People are read from the database in chunks this size when a filter is evaluated.
CHUNK = 500


@contextmanager
def _scim_errors() -> Iterator[None]:
    """Rule violations become SCIM errors: 409 for a taken value, 400 for the rest."""
    try:
        yield
    except ScimConflict as error:
        raise UniquenessException(detail=error.message) from error
    except DomainError as error:
        raise InvalidValueException(detail=error.message) from error
    except IntegrityError as error:
        raise UniquenessException(detail="A unique value is already taken.") from error


def _stored(person: Person) -> dict[str, Any] | None:
    identity = getattr(person, "scim_identity", None)
    if identity is None or identity.deleted_at is not None:
        return None
    return dict(identity.attributes)


def person_resource(person: Person) -> Resource[Any]:
    """A person as the User resource the endpoint serves (its location is added later)."""
    data = render(person, _stored(person))
    resource: Resource[Any] = user_model().model_validate(data)
    resource.id = str(person.pk)
    identity = getattr(person, "scim_identity", None)
    modified = person.updated_at
    if identity is not None and identity.updated_at > modified:
        modified = identity.updated_at
    digest = hashlib.sha256(
        json.dumps([person.pk, data], sort_keys=True, default=str).encode()
    ).hexdigest()
    resource.meta = Meta(
        resource_type="User",
        created=person.created_at,
        last_modified=modified,
        version=f'W/"{digest[:20]}"',
    )
    return resource


def _data(resource: Resource[Any]) -> dict[str, Any]:
    data: dict[str, Any] = resource.model_dump(mode="json")
    data.pop("id", None)
    data.pop("meta", None)
    return data


class PeopleStorage(ScimStorage):
    """The users of one organisation, for the holder of one of its tokens."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    def _person(self, resource_id: str | None) -> Person:
        person = scim_person(organisation=self.organisation, resource_id=resource_id or "")
        if person is None:
            raise NotFoundException(detail=f"No user {resource_id!r}.")
        return person

    def _locked(self, resource_id: str | None, expected_version: str | None) -> Person:
        """The person, read again once their row is locked for this transaction.

        The protocol layer read them before, unlocked: if a write landed meanwhile, the
        version changed and this request is refused rather than undoing that write.
        """
        person = self._person(resource_id)
        Person.objects.select_for_update().filter(pk=person.pk).exists()
        person = self._person(resource_id)
        meta = person_resource(person).meta
        if expected_version is not None and meta is not None and meta.version != expected_version:
            raise PreconditionFailedException(detail="The user changed meanwhile.")
        return person

    def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        return person_resource(self._person(resource_id))

    def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        people = scim_people(organisation=self.organisation)
        start = search_request.start_index_0 or 0
        count = search_request.count
        scim_filter = search_request.filter
        if scim_filter is None:
            total = people.count()
            if start >= total:
                # Also keeps an absurd startIndex out of the SQL OFFSET, which is 64-bit.
                return SearchPage(total, [])
            stop = None if count is None else min(start + count, total)
            return SearchPage(total, [person_resource(p) for p in people[start:stop]])
        condition = narrowing(scim_filter.ast)
        if condition is not None:
            people = people.filter(condition)
        matching = [
            person.pk
            for person in people.iterator(chunk_size=CHUNK)
            if scim_filter.match(person_resource(person))
        ]
        page = matching[start:] if count is None else matching[start : start + count]
        found = scim_people(organisation=self.organisation).in_bulk(page)
        return SearchPage(len(matching), [person_resource(found[pk]) for pk in page])

    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        with _scim_errors():
            person = scim_user_create(organisation=self.organisation, data=_data(resource))
        return person_resource(self._person(str(person.pk)))

    def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        person = self._locked(resource.id, expected_version)
        with _scim_errors():
            scim_user_replace(person=person, data=_data(resource))
        return person_resource(self._person(resource.id))

    def delete(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        expected_version: str | None = None,
    ) -> None:
        person = self._locked(resource_id, expected_version)
        with _scim_errors():
            scim_user_delete(person=person)

    def operation(self) -> AbstractContextManager[None]:
        # One request, one transaction: a failure leaves nothing half-written.
        return transaction.atomic()
