"""Reads about organisations, people and programmes, scoped to who is asking."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Organisation, Person, Programme, Role


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


def can_manage_organisation(person: Person) -> bool:
    return person.role == Role.ADMIN and person.is_active


def people_of(person: Person) -> QuerySet[Person]:
    return Person.objects.filter(organisation_id=person.organisation_id, is_active=True)


def organisation_for_email_domain(domain: str) -> Organisation | None:
    """The organisation an address at this domain belongs to, for creating people at sign-on.

    An organisation that lists the domain; failing that, the installation's only organisation
    if it lists no domains at all. Domains are stored lower-case and belong to one organisation.
    """
    domain = domain.strip().lower()
    listing = [
        organisation
        for organisation in Organisation.objects.exclude(email_domains=[])
        if domain in organisation.email_domains
    ]
    if listing:
        return listing[0] if len(listing) == 1 else None
    only = list(Organisation.objects.all()[:2])
    if len(only) == 1 and not only[0].email_domains:
        return only[0]
    return None


def programme_people_without_login(programme: Programme) -> QuerySet[Person]:
    """Current members of the programme's circles who were never invited and cannot sign in."""
    return (
        Person.objects.filter(
            memberships__circle__programme=programme,
            memberships__left_on__isnull=True,
            is_active=True,
            invitation__isnull=True,
        )
        .filter(
            Q(user__isnull=True) | Q(user__last_login__isnull=True, user__password__startswith="!")
        )
        .select_related("user")
        .distinct()
    )
