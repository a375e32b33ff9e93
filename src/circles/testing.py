"""Builders for tests: a small organisation with fixed personas, made through the services."""

from __future__ import annotations

import datetime as dt
import itertools
import time
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from circles.accounts.models import User
from circles.groups.models import Circle, Membership
from circles.groups.services import circle_create
from circles.growth.commitments.services import commitment_create
from circles.growth.models import Commitment
from circles.meetings.models import Case, Meeting
from circles.meetings.record.services import case_record, note_add
from circles.meetings.schedule.services import meeting_schedule
from circles.orgs.models import Organisation, Person, Programme, Role
from circles.orgs.people.services import person_create
from circles.orgs.services import organisation_create, programme_create

PASSWORD = "a-long-test-password"
_counter = itertools.count(1)


def user_of(person: Person) -> User:
    """A test person's login (``make_person`` gives one unless asked not to)."""
    assert person.user is not None
    return person.user


def app_of(user: User) -> TOTPDevice:
    """The confirmed authenticator app of a login that turned two-factor sign-in on."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None
    return device


def current_code(key_hex: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or that many 30-second steps later) for a
    django-otp TOTP key; computed with pyotp, independently of the code under test."""
    import base64

    import pyotp

    secret = base64.b32encode(bytes.fromhex(key_hex)).decode()
    return str(pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead))


def make_org(name: str | None = None) -> Organisation:
    number = next(_counter)
    return organisation_create(name=name or f"Org {number}", slug=f"org-{number}")


def make_person(
    organisation: Organisation,
    name: str | None = None,
    *,
    role: str = Role.MEMBER,
    login: bool = True,
    **attributes: Any,
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


def make_programme(organisation: Organisation, leads: list[Person], **options: Any) -> Programme:
    return programme_create(
        organisation=organisation,
        name=f"Programme {next(_counter)}",
        purpose="Learn from each other.",
        leads=leads,
        **options,
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
    # Small circles are enough to show each rule.
    programme = make_programme(org, [lead], min_circle_size=2)
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
