"""Writes about organisations, people and programmes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from circles.accounts.oidc import single_sign_on_enabled
from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.lib.errors import DomainError, full_clean_or_raise
from circles.meetings.agenda.services import (
    agenda_template_create_default,
    agenda_templates_install,
)

from .models import Organisation, Person, Programme

GROUND_RULE_LINES = (
    gettext_noop("What is said in the circle stays in the circle."),
    gettext_noop("We listen to understand, and we do not interrupt."),
    gettext_noop("We ask open questions before we offer any advice."),
    gettext_noop("We keep to the timeboxes so that everyone gets their turn."),
    gettext_noop("We speak for ourselves and about what we can observe."),
)
DEFAULT_GROUND_RULES = "\n".join(GROUND_RULE_LINES)


def default_ground_rules() -> str:
    """The ground rules a new programme's form starts with, in the active language."""
    return "\n".join(_(line) for line in GROUND_RULE_LINES)


@transaction.atomic
def organisation_create(*, name: str, slug: str | None = None) -> Organisation:
    slug = slug or slugify(name)
    if Organisation.objects.filter(slug=slug).exists():
        raise DomainError(_("An organisation with that short name already exists."), field="slug")
    organisation = Organisation.objects.create(name=name, slug=slug)
    agenda_template_create_default(organisation=organisation)
    agenda_templates_install(organisation=organisation)
    # The library sits above the directory: imported here, it lists the templates just made.
    from circles.library.services import library_templates_sync

    library_templates_sync(organisation=organisation)
    return organisation


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
        raise DomainError(_("Programme leads must belong to the organisation."), field="leads")
    if min_circle_size > max_circle_size:
        raise DomainError(
            _("The largest circle size must be at least the smallest."), field="max_circle_size"
        )
    if Programme.objects.filter(organisation=organisation, name__iexact=name.strip()).exists():
        raise DomainError(
            _("The organisation already has a programme with that name: choose another."),
            field="name",
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


MAX_EMAIL_DOMAINS = 50


def _clean_email_domains(organisation: Organisation, email_domains: Iterable[str]) -> list[str]:
    domains: list[str] = []
    for raw in email_domains:
        domain = raw.strip().lstrip("@").lower()
        if not domain or domain in domains:
            continue
        try:
            DomainNameValidator()(domain)
        except ValidationError:
            raise DomainError(
                _("“%(domain)s” is not an email domain: write it like example.com.")
                % {"domain": raw.strip()},
                field="email_domains",
            ) from None
        domains.append(domain)
    if len(domains) > MAX_EMAIL_DOMAINS:
        raise DomainError(
            _("List at most %(limit)s email domains.") % {"limit": MAX_EMAIL_DOMAINS},
            field="email_domains",
        )
    others = Organisation.objects.exclude(pk=organisation.pk).exclude(email_domains=[])
    for other in others.only("email_domains"):
        taken = sorted(set(domains) & set(other.email_domains))
        if taken:
            # Another tenant's name is never shown, only that the domain is spoken for.
            raise DomainError(
                _("%(domain)s already belongs to another organisation here.")
                % {"domain": taken[0]},
                field="email_domains",
            )
    return domains


@transaction.atomic
def organisation_sign_in_update(
    *,
    organisation: Organisation,
    password_sign_in: bool,
    sso_creates_people: bool,
    email_domains: Iterable[str],
    two_factor_for_managers: bool | None = None,
) -> Organisation:
    """How people of an organisation sign in: password or not, and who single sign-on adds."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    domains = _clean_email_domains(organisation, email_domains)
    if not password_sign_in and not single_sign_on_enabled():
        raise DomainError(
            _(
                "Single sign-on is not set up on this installation, so switching off password "
                "sign-in would lock everyone out."
            ),
            field="password_sign_in",
        )
    if sso_creates_people and not domains and Organisation.objects.count() > 1:
        raise DomainError(
            _("List the email domains of the people single sign-on may add."),
            field="email_domains",
        )
    before = {
        "password_sign_in": organisation.password_sign_in,
        "sso_creates_people": organisation.sso_creates_people,
        "email_domains": list(organisation.email_domains),
    }
    organisation.password_sign_in = password_sign_in
    organisation.sso_creates_people = sso_creates_people
    organisation.email_domains = domains
    fields = ["password_sign_in", "sso_creates_people", "email_domains"]
    if two_factor_for_managers is not None:  # None: leave the requirement as it is
        organisation.two_factor_for_managers = two_factor_for_managers
        fields.append("two_factor_for_managers")
    organisation.save(update_fields=fields)
    after = {
        "password_sign_in": password_sign_in,
        "sso_creates_people": sso_creates_people,
        "email_domains": domains,
    }
    changed = sorted(name for name in after if after[name] != before[name])
    if changed:
        audit_record(
            organisation_id=organisation.pk,
            action=Action.SIGN_IN_SETTINGS_CHANGED,
            summary="Changed: " + ", ".join(name.replace("_", " ") for name in changed),
            details={name: {"from": before[name], "to": after[name]} for name in changed},
        )
    return organisation
