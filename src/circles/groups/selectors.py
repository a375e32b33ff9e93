"""The confidentiality boundary: what of a circle a person may see.

Every view and API that shows circle content starts from these querysets, so that a circle's
cases, questions, notes and commitments are reachable only by its current members.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from circles.orgs.models import Person

from .models import Circle, Membership


def circles_of_member(person: Person) -> QuerySet[Circle]:
    """Circles the person currently belongs to (leaving a circle ends access at once)."""
    return Circle.objects.filter(
        organisation_id=person.organisation_id,
        memberships__person=person,
        memberships__left_on__isnull=True,
    ).distinct()


def circles_with_content_access(person: Person) -> QuerySet[Circle]:
    """Circles whose confidential content the person may read: a current member who has
    accepted the circle's ground rules. Until then only the circle page and its charter open."""
    return Circle.objects.filter(
        organisation_id=person.organisation_id,
        memberships__person=person,
        memberships__left_on__isnull=True,
        memberships__ground_rules_accepted_at__isnull=False,
    ).distinct()


def is_current_member(person: Person, circle: Circle) -> bool:
    return Membership.objects.filter(circle=circle, person=person, left_on__isnull=True).exists()


def current_memberships(circle: Circle) -> QuerySet[Membership]:
    return circle.memberships.filter(left_on__isnull=True).select_related("person")


def with_current_members(circles: QuerySet[Circle]) -> QuerySet[Circle]:
    """Prefetch each circle's current members in one query, whatever the number of circles."""
    return circles.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(left_on__isnull=True).select_related("person"),
            to_attr="current_memberships",
        )
    )
