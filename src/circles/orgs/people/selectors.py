"""Reads for the people directory: who an admin or lead may look up, filtered and sorted.

Nothing here reaches circle content: the directory shows who people are and which circles
they belong to, never what was said there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from circles.groups.models import Membership
from circles.orgs.models import Person, Programme, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Sort keys offered on the page; every one ends in a unique column so pages never overlap.
SORTS: dict[str, tuple[StrOrPromise, tuple[str, ...]]] = {
    "name": (_("Name, A to Z"), ("full_name", "pk")),
    "-name": (_("Name, Z to A"), ("-full_name", "-pk")),
    "department": (_("Department"), ("department", "full_name", "pk")),
    "location": (_("Location"), ("location", "full_name", "pk")),
    "level": (_("Level, lowest first"), ("level", "full_name", "pk")),
    "-level": (_("Level, highest first"), ("-level", "full_name", "pk")),
    "newest": (_("Newest first"), ("-created_at", "-pk")),
}
# A password that cannot be used starts with this (Django's UNUSABLE_PASSWORD_PREFIX).
UNUSABLE = "!"


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    department: str = ""
    location: str = ""
    level: int | None = None
    role: str = ""
    status: str = "active"  # active, inactive or all
    login: str = ""  # "yes" (can sign in), "invited", "no"
    in_circle: str = ""  # "yes" or "no"
    sort: str = "name"


def can_view_directory(viewer: Person) -> bool:
    return viewer.is_active and viewer.role in {Role.ADMIN, Role.LEAD}


def can_edit_people(viewer: Person) -> bool:
    return viewer.is_active and viewer.role == Role.ADMIN


def _can_sign_in() -> Q:
    return Q(user__isnull=False, user__is_active=True) & (
        Q(user__last_login__isnull=False) | ~Q(user__password__startswith=UNUSABLE)
    )


def _current_membership() -> Exists:
    return Exists(Membership.objects.filter(person=OuterRef("pk"), left_on__isnull=True))


def directory_people(viewer: Person, filters: DirectoryFilters) -> QuerySet[Person]:
    """The viewer's organisation's people matching the filters, in the chosen order."""
    if not can_view_directory(viewer):
        return Person.objects.none()
    people = Person.objects.filter(organisation_id=viewer.organisation_id)
    if filters.status == "active":
        people = people.filter(is_active=True)
    elif filters.status == "inactive":
        people = people.filter(is_active=False)
    if filters.query:
        words = filters.query.split()
        for word in words[:6]:
            people = people.filter(
                Q(full_name__icontains=word) | Q(email__icontains=word) | Q(employee_id=word)
            )
    if filters.department:
        people = people.filter(department=filters.department)
    if filters.location:
        people = people.filter(location=filters.location)
    if filters.level is not None:
        people = people.filter(level=filters.level)
    if filters.role:
        people = people.filter(role=filters.role)
    if filters.login == "yes":
        people = people.filter(_can_sign_in())
    elif filters.login == "invited":
        people = people.filter(invitation__isnull=False, invitation__accepted_at__isnull=True)
        people = people.exclude(_can_sign_in())
    elif filters.login == "no":
        people = people.exclude(_can_sign_in())
    if filters.in_circle == "yes":
        people = people.filter(_current_membership())
    elif filters.in_circle == "no":
        people = people.exclude(_current_membership())
    order = SORTS.get(filters.sort, SORTS["name"])[1]
    return people.select_related("user", "invitation").order_by(*order)


def current_circle_counts(person_ids: list[int]) -> dict[int, int]:
    """How many circles each listed person is in now: one query for a whole page."""
    rows = (
        Membership.objects.filter(person_id__in=person_ids, left_on__isnull=True)
        .values("person_id")
        .annotate(count=Count("pk"))
        .values_list("person_id", "count")
    )
    return dict(rows)


# The menus of departments and locations are read from every person of the organisation (one
# scan of 100,000 rows); they change rarely, so each process keeps them this long.
ATTRIBUTE_VALUES_SECONDS = 60


def attribute_values(organisation_id: int, name: str, *, active_only: bool = False) -> list[str]:
    """The non-empty values of a person attribute (department, location) in the organisation,
    sorted; at most 500 of them."""
    key = f"person-attribute-values:{organisation_id}:{name}:{int(active_only)}"
    found: list[str] | None = cache.get(key)
    if found is None:
        people = Person.objects.filter(organisation_id=organisation_id)
        if active_only:
            people = people.filter(is_active=True)
        found = list(
            people.exclude(**{name: ""})
            .order_by(name)
            .values_list(name, flat=True)
            .distinct()[:500]
        )
        cache.set(key, found, ATTRIBUTE_VALUES_SECONDS)
    return found


def directory_choices(viewer: Person) -> dict[str, list[str]]:
    """The departments and locations present in the organisation, for the filter menus."""
    return {
        name: attribute_values(viewer.organisation_id, name) for name in ("department", "location")
    }


def person_in_directory(viewer: Person, person_id: int) -> Person | None:
    if not can_view_directory(viewer):
        return None
    return (
        Person.objects.select_related("manager", "user", "invitation", "organisation")
        .filter(organisation_id=viewer.organisation_id, pk=person_id)
        .first()
    )


def person_by_reference(organisation_id: int, reference: str) -> Person | None:
    """A person named by email or employee id, as people type them into a form or a file."""
    reference = reference.strip()
    if not reference:
        return None
    people = Person.objects.filter(organisation_id=organisation_id)
    return (
        people.filter(email=reference.lower()).first()
        or people.filter(employee_id=reference).first()
    )


def reports_of(person: Person) -> QuerySet[Person]:
    return Person.objects.filter(manager=person).order_by("-is_active", "full_name", "pk")


def memberships_of(person: Person) -> QuerySet[Membership]:
    """Which circles someone is or was in: names and dates only, never content."""
    return (
        Membership.objects.filter(person=person)
        .select_related("circle__programme")
        .order_by("left_on", "-joined_on", "pk")
    )


def programmes_of_organisation(person: Person) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation_id=person.organisation_id).order_by("name", "pk")


def sign_in_security(person: Person) -> dict[str, Any]:
    """What the person page says about signing in safely: a lock-out, two-factor sign-in."""
    from circles.accounts.lockout import locked_until
    from circles.accounts.two_factor.services import two_factor_enabled

    if person.user is None:
        return {"locked_until": None, "two_factor": False}
    return {
        "locked_until": locked_until(person.user.email),
        "two_factor": two_factor_enabled(person.user),
    }
