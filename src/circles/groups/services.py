"""Writes about circles and memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

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
        raise DomainError("A circle needs a name.", field="name")
    if any(member.organisation_id != programme.organisation_id for member in members):
        raise DomainError("Every member must belong to the programme's organisation.")
    if len({member.pk for member in members}) != len(members):
        raise DomainError("A person can be added to a circle only once.", field="members")
    if len(members) > programme.max_circle_size:
        raise DomainError(
            f"A circle of this programme has at most {programme.max_circle_size} members.",
            field="members",
        )
    if Circle.objects.filter(programme=programme, name__iexact=name).exists():
        raise DomainError("This programme already has a circle with that name.", field="name")
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
        raise DomainError("This programme already has a circle with that name.") from exc
    joined = joined_on or timezone.localdate()
    Membership.objects.bulk_create(
        Membership(circle=circle, person=member, joined_on=joined) for member in members
    )
    return circle


@transaction.atomic
def membership_end(*, membership: Membership, left_on: dt.date | None = None) -> Membership:
    if membership.left_on is not None:
        raise DomainError("This person has already left the circle.")
    membership.left_on = left_on or timezone.localdate()
    membership.save(update_fields=["left_on"])
    return membership
