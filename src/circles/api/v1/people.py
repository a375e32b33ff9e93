"""The directory: admins and leads look people up; admins add, change and mark leavers."""

# No `from __future__ import annotations`: django-ninja reads these signatures at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from circles.api.models import Scope
from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.orgs.models import Person
from circles.orgs.people import services
from circles.orgs.people.selectors import (
    SORTS,
    DirectoryFilters,
    can_edit_people,
    can_view_directory,
    directory_people,
    person_in_directory,
)

from .auth import Caller, caller
from .errors import ApiError, not_found
from .schemas import (
    BigId,
    Clock,
    Day,
    Email,
    Id,
    Name200,
    Page,
    Str64,
    Str120,
    Str200,
    Str255,
    answers,
)

router = Router(tags=["people"])

SortKey = Literal["name", "-name", "department", "location", "level", "-level", "newest"]
assert set(SortKey.__args__) == set(SORTS)  # type: ignore[attr-defined]


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    employee_id: str
    external_id: str
    role: str
    department: str
    job_family: str
    level: int
    location: str
    time_zone: str
    work_starts_at: Clock
    work_ends_at: Clock
    start_date: dt.date | None
    manager_id: int | None
    languages: list[Any]
    development_interests: list[Any]
    is_active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class PeopleFilters(Schema):
    q: Str200 = Field("", description="Words in the name or email, or an employee id.")
    department: Str120 = ""
    location: Str120 = ""
    level: int | None = Field(None, ge=1, le=20)
    role: Literal["admin", "lead", "member", ""] = ""
    status: Literal["active", "inactive", "all"] = "active"
    in_circle: Literal["yes", "no", ""] = ""
    sort: SortKey = "name"


class PersonFields(Schema):
    employee_id: Str64 = ""
    external_id: Str255 = ""
    department: Str120 = ""
    job_family: Str120 = ""
    level: int = Field(1, ge=1, le=20)
    location: Str120 = ""
    time_zone: Str64 = "UTC"
    work_starts_at: Clock = dt.time(9, 0)
    work_ends_at: Clock = dt.time(17, 0)
    start_date: Day | None = None
    manager_id: BigId | None = None


class PersonIn(PersonFields):
    full_name: Name200
    email: Email
    role: Literal["admin", "lead", "member"] = "member"


class PersonPatch(Schema):
    """Only the fields sent change."""

    full_name: Name200 | None = None
    email: Email | None = None
    employee_id: Str64 | None = None
    external_id: Str255 | None = None
    department: Str120 | None = None
    job_family: Str120 | None = None
    level: int | None = Field(None, ge=1, le=20)
    location: Str120 | None = None
    time_zone: Str64 | None = None
    work_starts_at: Clock | None = None
    work_ends_at: Clock | None = None
    start_date: Day | None = None
    manager_id: BigId | None = None


def _directory(request: HttpRequest) -> Caller:
    found = caller(request)
    if not can_view_directory(found.viewer):
        raise not_found()
    return found


def _editor(request: HttpRequest) -> Caller:
    found = caller(request)
    if not can_edit_people(found.viewer):
        raise not_found()
    found.require_scope(Scope.ADMIN)
    return found


def _one(found: Caller, person_id: int) -> Person:
    person = person_in_directory(found.viewer, person_id)
    if person is None:
        raise not_found()
    return person


def _attributes(found: Caller, data: dict[str, Any]) -> dict[str, Any]:
    """The service's attributes from the body: a manager named by id, in the organisation."""
    if "manager_id" in data:
        manager_id = data.pop("manager_id")
        manager = None
        if manager_id is not None:
            manager = person_in_directory(found.viewer, manager_id)
            if manager is None:
                raise ApiError(400, "No such manager in the organisation.", field="manager_id")
        data["manager"] = manager
    return data


@router.get("/people", response=answers(list[PersonOut]), summary="List people")
@paginate(Page)
def people_list(request: HttpRequest, filters: Query[PeopleFilters]) -> Any:
    """The directory as admins and leads see it, with the directory page's filters."""
    found = _directory(request)
    data = filters.dict()
    people = directory_people(found.viewer, DirectoryFilters(query=data.pop("q"), **data))
    # The record alone: the page's joins (login, invitation) are not part of it.
    return people.select_related(None).only(*PersonOut.model_fields)


@router.get("/people/{person_id}", response=answers(PersonOut), summary="Read a person")
def person_read(request: HttpRequest, person_id: Id) -> Any:
    found = _directory(request)
    person = _one(found, person_id)
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.PERSON_VIEWED,
        target=person,
        summary="Read their record through the API",
    )
    return person


@router.post("/people", response=answers(PersonOut, 201), summary="Add a person")
def person_add(request: HttpRequest, payload: PersonIn) -> Any:
    """Add someone to the directory (no login until they are invited). Admin scope."""
    found = _editor(request)
    data = _attributes(found, payload.dict())
    role = data.pop("role")
    person = services.person_create(organisation=found.organisation, role=role, **data)
    return Status(201, person)


@router.patch("/people/{person_id}", response=answers(PersonOut), summary="Change a person")
def person_change(request: HttpRequest, person_id: Id, payload: PersonPatch) -> Any:
    """Change the attributes sent; the others stay. Admin scope."""
    found = _editor(request)
    person = _one(found, person_id)
    services.person_update(person=person, **_attributes(found, payload.dict(exclude_unset=True)))
    person.refresh_from_db()
    return person


@router.post("/people/{person_id}/leave", response=answers(PersonOut), summary="Mark as left")
def person_leave(request: HttpRequest, person_id: Id) -> Any:
    """They leave the organisation: signed out, out of their circles today. Admin scope."""
    found = _editor(request)
    return services.person_deactivate(person=_one(found, person_id))
