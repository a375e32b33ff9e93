"""Writes about circles and memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.lib import events
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme

from .models import Circle, Membership


@transaction.atomic
def circle_create(
    *,
    programme: Programme,
    name: str,
    members: Sequence[Person],
    time_zone: str = "UTC",
    video_url: str = "",
    location: str = "",
    joined_on: dt.date | None = None,
) -> Circle:
    name = name.strip()
    if not name:
        raise DomainError(_("A circle needs a name."), field="name")
    if any(member.organisation_id != programme.organisation_id for member in members):
        raise DomainError(_("Every member must belong to the programme's organisation."))
    if len({member.pk for member in members}) != len(members):
        raise DomainError(_("A person can be added to a circle only once."), field="members")
    if not programme.min_circle_size <= len(members) <= programme.max_circle_size:
        raise DomainError(
            # Translators: the plural follows %(max)s, the largest circle size.
            ngettext(
                "Circles of this programme have %(min)s to %(max)s member; "
                "this one would have %(count)s.",
                "Circles of this programme have %(min)s to %(max)s members; "
                "this one would have %(count)s.",
                programme.max_circle_size,
            )
            % {
                "min": programme.min_circle_size,
                "max": programme.max_circle_size,
                "count": len(members),
            },
            field="members",
        )
    # Names are unique across the organisation: "Aspen" means one circle to everyone.
    if Circle.objects.filter(organisation_id=programme.organisation_id, name__iexact=name).exists():
        raise DomainError(
            _("The organisation already has a circle with that name: choose another."),
            field="name",
        )
    try:
        circle = Circle.objects.create(
            organisation_id=programme.organisation_id,
            programme=programme,
            name=name,
            purpose=programme.purpose,
            ground_rules=programme.ground_rules,
            cadence=programme.cadence,
            meeting_minutes=programme.meeting_minutes,
            time_zone=time_zone,
            video_url=video_url,
            location=location,
        )
    except IntegrityError as exc:
        raise DomainError(
            _("The organisation already has a circle with that name: choose another."),
            field="name",
        ) from exc
    joined = joined_on or timezone.localdate()
    memberships = Membership.objects.bulk_create(
        Membership(circle=circle, person=member, joined_on=joined) for member in members
    )
    if all(m.pk is not None for m in memberships):
        events.publish([events.membership_event(events.MEMBER_JOINED, m) for m in memberships])
    return circle


@transaction.atomic
def membership_end(*, membership: Membership, left_on: dt.date | None = None) -> Membership:
    if membership.left_on is not None:
        raise DomainError(_("This person has already left the circle."))
    membership.left_on = left_on or timezone.localdate()
    membership.save(update_fields=["left_on"])
    events.publish([events.membership_event(events.MEMBER_LEFT, membership)])
    return membership


def _require_programme_steward(circle: Circle, by: Person) -> None:
    from circles.orgs.selectors import programmes_visible_to

    if not programmes_visible_to(by).filter(pk=circle.programme_id).exists():
        raise DomainError(
            _("Only the programme's leads and the organisation's admins can do this.")
        )


def _replan_upcoming(circle: Circle, *, without: Sequence[int] = ()) -> None:
    """Give the circle's upcoming meetings their roles again, from the members it has now;
    people in ``without`` are no longer expected at them."""
    from circles.meetings.models import Attendance, Meeting
    from circles.meetings.schedule.services import roles_plan

    upcoming = list(
        Meeting.objects.filter(
            circle=circle, status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now()
        ).order_by("starts_at", "pk")
    )
    if without:
        Attendance.objects.filter(meeting__in=upcoming, person_id__in=without).delete()
    roles_plan(circle=circle, meetings=upcoming)


@transaction.atomic
def membership_add(*, circle: Circle, person: Person, added_by: Person) -> Membership:
    """Add someone to a circle that has already started: they are expected at its upcoming
    meetings, join the role rotation level with the member furthest behind, and read the
    circle's content once they accept its ground rules."""
    from circles.meetings.models import Attendance, Meeting

    circle = Circle.objects.select_for_update().select_related("programme").get(pk=circle.pk)
    _require_programme_steward(circle, added_by)
    if circle.status == Circle.Status.CLOSED:
        raise DomainError(_("This circle is closed."))
    if person.organisation_id != circle.organisation_id or not person.is_active:
        raise DomainError(_("Add a current member of the organisation."), field="person")
    current = Membership.objects.filter(circle=circle, left_on__isnull=True)
    if current.filter(person=person).exists():
        raise DomainError(
            _("%(name)s is already in this circle.") % {"name": person.full_name}, field="person"
        )
    elsewhere = (
        Membership.objects.filter(
            person=person, left_on__isnull=True, circle__programme_id=circle.programme_id
        )
        .exclude(circle__status=Circle.Status.CLOSED)
        .select_related("circle")
        .first()
    )
    if elsewhere is not None:
        raise DomainError(
            _("%(name)s is already in %(circle)s in this programme.")
            % {"name": person.full_name, "circle": elsewhere.circle.name},
            field="person",
        )
    if current.count() >= circle.programme.max_circle_size:
        raise DomainError(
            ngettext(
                "Circles of this programme have at most %(count)s member.",
                "Circles of this programme have at most %(count)s members.",
                circle.programme.max_circle_size,
            )
            % {"count": circle.programme.max_circle_size},
            field="person",
        )
    membership = Membership.objects.create(
        circle=circle, person=person, joined_on=timezone.localdate()
    )
    upcoming = Meeting.objects.filter(
        circle=circle, status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now()
    ).exclude(attendances__person=person)
    Attendance.objects.bulk_create(
        Attendance(meeting_id=meeting_id, person=person)
        for meeting_id in upcoming.values_list("pk", flat=True)
    )
    _replan_upcoming(circle)
    events.publish([events.membership_event(events.MEMBER_JOINED, membership)])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, removed_by: Person) -> Membership:
    """Take someone out of a circle: what they wrote stays with it; the roles they held at
    upcoming meetings go to the others."""
    _require_programme_steward(membership.circle, removed_by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership_end(membership=membership)
    _replan_upcoming(membership.circle, without=[membership.person_id])
    return membership


@transaction.atomic
def memberships_end_for_leaver(*, person: Person, left_on: dt.date) -> list[int]:
    """End the person's current memberships and re-plan the roles they held ahead.

    What they wrote stays with the circle. Returns the ids of the circles they left.
    """
    current = list(
        Membership.objects.filter(person=person, left_on__isnull=True).select_related("circle")
    )
    if not current:
        return []
    Membership.objects.filter(pk__in=[m.pk for m in current]).update(left_on=left_on)
    for membership in current:
        membership.left_on = left_on
        _replan_upcoming(membership.circle, without=[person.pk])
    events.publish([events.membership_event(events.MEMBER_LEFT, m) for m in current])
    return [membership.circle_id for membership in current]
