"""Builders for tests: a small organisation with fixed personas, made through the services."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from circles.groups.models import Circle, Membership
from circles.groups.services import circle_create
from circles.growth.models import Commitment
from circles.growth.services import commitment_create
from circles.meetings.models import Case, Meeting
from circles.meetings.services import case_record, meeting_schedule, note_add
from circles.orgs.models import Organisation, Person, Programme, Role
from circles.orgs.services import organisation_create, person_create, programme_create

PASSWORD = "a-long-test-password"
_counter = itertools.count(1)


def make_org(name: str | None = None) -> Organisation:
    number = next(_counter)
    return organisation_create(name=name or f"Org {number}", slug=f"org-{number}")


def make_person(
    organisation: Organisation,
    name: str | None = None,
    *,
    role: str = Role.MEMBER,
    login: bool = True,
    **attributes: object,
) -> Person:
    number = next(_counter)
    name = name or f"Person {number}"
    return person_create(
        organisation=organisation,
        full_name=name,
        email=f"p{number}@{organisation.slug}.example",
        role=role,
        password=PASSWORD if login else None,
        **attributes,
    )


def make_programme(organisation: Organisation, leads: list[Person]) -> Programme:
    return programme_create(
        organisation=organisation,
        name=f"Programme {next(_counter)}",
        purpose="Learn from each other.",
        leads=leads,
    )


def make_circle(
    programme: Programme,
    members: list[Person],
    name: str | None = None,
    *,
    accepted: bool = True,
) -> Circle:
    """A circle whose members have accepted its ground rules, unless ``accepted`` is False."""
    circle = circle_create(
        programme=programme, name=name or f"Circle {next(_counter)}", members=members
    )
    if accepted:
        Membership.objects.filter(circle=circle).update(ground_rules_accepted_at=timezone.now())
    return circle


def schedule(circle: Circle, *, days: int, facilitator: Person | None = None) -> Meeting:
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=days)
    return meeting_schedule(
        circle=circle,
        starts_at=starts.astimezone(zoneinfo.ZoneInfo(circle.time_zone)),
        facilitator=facilitator,
    )


@dataclass
class World:
    """One organisation with a programme of two circles, plus a second organisation.

    Personas: member and facilitator share circle A; outsider is in circle B; lead leads the
    programme; admin administers the organisation; other_admin administers another one.
    """

    org: Organisation
    programme: Programme
    circle: Circle
    other_circle: Circle
    member: Person
    facilitator: Person
    peer: Person
    outsider: Person
    lead: Person
    admin: Person
    other_admin: Person
    past_meeting: Meeting
    next_meeting: Meeting
    other_meeting: Meeting
    case: Case
    commitment: Commitment


SECRET_CASE = "The budget conversation with my manager went badly"
SECRET_NOTE = "Noted: Sam is thinking about leaving the team"
SECRET_ACTION = "Ask my manager for a second budget conversation"


def build_world() -> World:
    org = make_org("Acme")
    member = make_person(org, "Maya Member")
    facilitator = make_person(org, "Fred Facilitator")
    peer = make_person(org, "Pat Peer")
    outsider = make_person(org, "Olga Outsider")
    outsider_peer = make_person(org, "Otto Otherpeer")
    lead = make_person(org, "Lena Lead", role=Role.LEAD)
    admin = make_person(org, "Adam Admin", role=Role.ADMIN)
    other_org = make_org("Other Org")
    other_admin = make_person(other_org, "Zed Zadmin", role=Role.ADMIN)
    programme = make_programme(org, [lead])
    circle = make_circle(programme, [member, facilitator, peer], name="Aspen")
    other_circle = make_circle(programme, [outsider, outsider_peer], name="Birch")
    past = schedule(circle, days=-14, facilitator=facilitator)
    case = case_record(
        meeting=past,
        giver=member,
        recorded_by=facilitator,
        kind=Case.Kind.SITUATION,
        title=SECRET_CASE,
        situation="It ended with both of us frustrated.",
    )
    note_add(meeting=past, author=facilitator, body=SECRET_NOTE)
    commitment = commitment_create(
        meeting=past,
        owner=member,
        recorded_by=facilitator,
        action=SECRET_ACTION,
        due_on=timezone.localdate() - dt.timedelta(days=1),
        case=case,
    )
    upcoming = schedule(circle, days=3, facilitator=facilitator)
    other_meeting = schedule(other_circle, days=2, facilitator=outsider)
    return World(
        org=org,
        programme=programme,
        circle=circle,
        other_circle=other_circle,
        member=member,
        facilitator=facilitator,
        peer=peer,
        outsider=outsider,
        lead=lead,
        admin=admin,
        other_admin=other_admin,
        past_meeting=past,
        next_meeting=upcoming,
        other_meeting=other_meeting,
        case=case,
        commitment=commitment,
    )
