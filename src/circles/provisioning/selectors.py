"""Reads for SCIM: the people an organisation's identity provider can see."""

from __future__ import annotations

from django.db.models import QuerySet

from circles.orgs.models import Organisation, Person


def scim_people(*, organisation: Organisation) -> QuerySet[Person]:
    """Everyone in the organisation except those the provider deleted, oldest first."""
    return (
        Person.objects.filter(organisation=organisation)
        .exclude(scim_identity__deleted_at__isnull=False)
        .select_related("scim_identity")
        .order_by("pk")
    )


def scim_person(*, organisation: Organisation, resource_id: str) -> Person | None:
    if not resource_id.isascii() or not resource_id.isdigit() or len(resource_id) > 18:
        return None
    return scim_people(organisation=organisation).filter(pk=int(resource_id)).first()
