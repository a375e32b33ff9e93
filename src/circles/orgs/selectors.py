"""Reads about organisations, people and programmes, scoped to who is asking."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Person, Programme, Role


def programmes_visible_to(person: Person) -> QuerySet[Programme]:
    """Programmes a person may oversee: all of the organisation's for admins, theirs for leads."""
    programmes = Programme.objects.filter(organisation_id=person.organisation_id)
    if person.role == Role.ADMIN:
        return programmes
    if person.role == Role.LEAD:
        return programmes.filter(leads=person)
    return programmes.none()


def programme_list(person: Person) -> QuerySet[Programme]:
    return (
        programmes_visible_to(person)
        .annotate(
            circle_count=Count("circles", distinct=True),
            member_count=Count(
                "circles__memberships__person",
                filter=Q(circles__memberships__left_on__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def can_manage_programmes(person: Person) -> bool:
    return person.role in {Role.ADMIN, Role.LEAD}


def people_of(person: Person) -> QuerySet[Person]:
    return Person.objects.filter(organisation_id=person.organisation_id, is_active=True)
