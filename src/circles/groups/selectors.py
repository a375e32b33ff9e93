"""The confidentiality boundary: what of a circle a person may see.

Every view and API that shows circle content starts from these querysets, so that a circle's
cases, questions, notes and commitments are reachable only by its current members.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

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


def owner_reads_circle(*, circle_ref: str, person_ref: str) -> Exists:
    """In a query over records owned by someone (commitments shared with a manager, say): the
    owner still reads that record's circle. The same rule as circles_with_content_access."""
    return Exists(
        Membership.objects.filter(
            circle_id=OuterRef(circle_ref),
            person_id=OuterRef(person_ref),
            left_on__isnull=True,
            ground_rules_accepted_at__isnull=False,
        )
    )


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


def current_member_ids(circle: Circle) -> set[int]:
    return set(
        Membership.objects.filter(circle=circle, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )


def circles_listed_for(person: Person) -> QuerySet[Circle]:
    """Circles a person may see named, with their members: their own (also before accepting
    the ground rules), and as a lead or admin those of the programmes they oversee. Names,
    members and rhythm only: content still needs ``circles_with_content_access``."""
    from circles.orgs.selectors import programmes_visible_to

    own = Membership.objects.filter(person_id=person.pk, left_on__isnull=True)
    return Circle.objects.filter(organisation_id=person.organisation_id).filter(
        Exists(own.filter(circle_id=OuterRef("pk")))
        | Q(programme__in=programmes_visible_to(person))
    )
