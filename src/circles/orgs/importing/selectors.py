"""Reads for the import pages, scoped to the organisation of the admin who asks."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from circles.orgs.models import PeopleImport, PeopleImportChange, PeopleImportError, Person, Role

# The lists of a preview, in the order the page offers them.
LISTS = {
    "errors": pgettext_lazy("people import list", "Errors"),
    "create": pgettext_lazy("people import list", "New"),
    "update": pgettext_lazy("people import list", "Changed"),
    "deactivate": pgettext_lazy("people import list", "Leaving"),
    "unchanged": pgettext_lazy("people import list", "Unchanged"),
}
COUNT_KEYS = {
    "errors": "errors",
    "create": "created",
    "update": "updated",
    "deactivate": "deactivated",
    "unchanged": "unchanged",
}


def can_import_people(person: Person) -> bool:
    return person.role == Role.ADMIN and person.is_active


def imports_of(person: Person) -> QuerySet[PeopleImport]:
    """The imports an admin may see: their organisation's; nobody else sees any."""
    if not can_import_people(person):
        return PeopleImport.objects.none()
    return PeopleImport.objects.filter(organisation_id=person.organisation_id).defer("content")


def recent_imports(person: Person, limit: int = 20) -> list[PeopleImport]:
    return list(imports_of(person).select_related("created_by")[:limit])


def import_changes(people_import: PeopleImport, kind: str) -> QuerySet[PeopleImportChange]:
    return people_import.changes.filter(kind=kind).order_by("row_number", "full_name", "pk")


def import_errors(people_import: PeopleImport) -> QuerySet[PeopleImportError]:
    return people_import.row_errors.order_by("row_number", "pk")


def default_list(people_import: PeopleImport) -> str:
    summary = people_import.summary
    for key, count_key in COUNT_KEYS.items():
        if summary.get(count_key):
            return key
    return "unchanged"
