"""Writes about organisations, people and programmes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from circles.accounts.models import User
from circles.lib.errors import DomainError, full_clean_or_raise
from circles.meetings.agenda_editing import agenda_templates_install
from circles.meetings.services import agenda_template_create_default

from .models import Organisation, Person, Programme, Role

DEFAULT_GROUND_RULES = "\n".join(
    [
        "What is said in the circle stays in the circle.",
        "We listen to understand, and we do not interrupt.",
        "We ask open questions before we offer any advice.",
        "We keep to the timeboxes so that everyone gets their turn.",
        "We speak for ourselves and about what we can observe.",
    ]
)


@transaction.atomic
def organisation_create(*, name: str, slug: str | None = None) -> Organisation:
    slug = slug or slugify(name)
    if Organisation.objects.filter(slug=slug).exists():
        raise DomainError("An organisation with that short name already exists.", field="slug")
    organisation = Organisation.objects.create(name=name, slug=slug)
    agenda_template_create_default(organisation=organisation)
    agenda_templates_install(organisation=organisation)
    return organisation


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    full_name: str,
    email: str,
    role: str = Role.MEMBER,
    password: str | None = None,
    **attributes: Any,
) -> Person:
    """Create a person; with a password they also get a login (email is the username)."""
    email = email.strip().lower()
    if Person.objects.filter(organisation=organisation, email=email).exists():
        raise DomainError("Someone in this organisation already has that email.", field="email")
    user = None
    if password is not None:
        if User.objects.filter(email=email).exists():
            raise DomainError("That email already has a login.", field="email")
        user = User.objects.create_user(email=email, password=password)
    person = Person(
        organisation=organisation,
        user=user,
        full_name=full_name.strip(),
        email=email,
        role=role,
        **attributes,
    )
    full_clean_or_raise(person)
    person.save()
    return person


@transaction.atomic
def programme_create(
    *,
    organisation: Organisation,
    name: str,
    purpose: str,
    leads: Iterable[Person],
    objective: str = "",
    kind: str = Programme.Kind.PILOT,
    cadence: str = "biweekly",
    meeting_minutes: int = 60,
    ground_rules: str = DEFAULT_GROUND_RULES,
    min_circle_size: int = 5,
    max_circle_size: int = 8,
    cycle_weeks: int = 26,
    starts_on: dt.date | None = None,
) -> Programme:
    leads = list(leads)
    if any(lead.organisation_id != organisation.pk for lead in leads):
        raise DomainError("Programme leads must belong to the organisation.", field="leads")
    if min_circle_size > max_circle_size:
        raise DomainError(
            "The largest circle size must be at least the smallest.", field="max_circle_size"
        )
    programme = Programme(
        organisation=organisation,
        name=name.strip(),
        purpose=purpose.strip(),
        objective=objective.strip(),
        kind=kind,
        cadence=cadence,
        meeting_minutes=meeting_minutes,
        ground_rules=ground_rules,
        min_circle_size=min_circle_size,
        max_circle_size=max_circle_size,
        cycle_weeks=cycle_weeks,
        starts_on=starts_on,
        agenda_template=agenda_template_create_default(organisation=organisation),
    )
    full_clean_or_raise(programme)
    programme.save()
    programme.leads.set(leads)
    return programme
