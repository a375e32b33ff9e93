"""Writes about people: adding, editing, roles, leaving and coming back.

Every adapter (directory pages, the HR import, SCIM provisioning, single sign-on, the CLI) goes
through these functions, so the same rules hold whichever way a person arrives or changes.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.models import User, normalise_email
from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.lib.errors import DomainError, full_clean_or_raise
from circles.orgs.models import Organisation, Person, Programme, Role

# The attributes an admin, an import or an identity provider may set on a person.
EDITABLE_FIELDS = (
    "full_name",
    "email",
    "employee_id",
    "external_id",
    "department",
    "job_family",
    "level",
    "location",
    "time_zone",
    "work_starts_at",
    "work_ends_at",
    "start_date",
    "manager",
    "languages",
    "development_interests",
)
# How far up a reporting line the cycle check walks: deeper than any real organisation.
MAX_REPORTING_DEPTH = 200


def check_time_zone(value: str) -> str:
    if value not in zoneinfo.available_timezones():
        raise DomainError(
            _("“%(value)s” is not a known time zone (use a name like Europe/Berlin).")
            % {"value": value},
            field="time_zone",
        )
    return value


def check_manager(person: Person | None, manager: Person | None, organisation_id: int) -> None:
    """A manager works in the same organisation and is never one of their own reports."""
    if manager is None:
        return
    if manager.organisation_id != organisation_id:
        raise DomainError(_("The manager must work in the same organisation."), field="manager")
    if person is None or person.pk is None:
        return
    if manager.pk == person.pk:
        raise DomainError(_("A person cannot be their own manager."), field="manager")
    seen: set[int] = set()
    current: int | None = manager.manager_id
    for _step in range(MAX_REPORTING_DEPTH):
        if current is None or current in seen:
            return
        if current == person.pk:
            raise DomainError(
                _(
                    "%(manager)s reports to %(person)s, directly or further down: that would "
                    "make a circle of managers."
                )
                % {"manager": manager.full_name, "person": person.full_name},
                field="manager",
            )
        seen.add(current)
        current = Person.objects.filter(pk=current).values_list("manager_id", flat=True).first()


def _clean_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(attributes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(
            _("Unknown person fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = dict(attributes)
    for name, value in cleaned.items():
        field = Person._meta.get_field(name)
        if value is None and not field.null:
            label = str(getattr(field, "verbose_name", name)).capitalize()
            raise DomainError(_("%(field)s cannot be empty.") % {"field": label}, field=name)
    for text_field in (
        "full_name",
        "employee_id",
        "external_id",
        "department",
        "job_family",
        "location",
    ):
        if text_field in cleaned and cleaned[text_field] is not None:
            cleaned[text_field] = str(cleaned[text_field]).strip()
    if "email" in cleaned:
        cleaned["email"] = normalise_email(cleaned["email"])
    if "time_zone" in cleaned:
        check_time_zone(cleaned["time_zone"])
    starts, ends = cleaned.get("work_starts_at"), cleaned.get("work_ends_at")
    if isinstance(starts, dt.time) and isinstance(ends, dt.time) and ends <= starts:
        raise DomainError(_("Working hours must end after they start."), field="work_ends_at")
    return cleaned


def _check_unique(
    organisation: Organisation, person: Person | None, email: str | None, employee_id: str | None
) -> None:
    others = Person.objects.filter(organisation=organisation)
    if person is not None and person.pk is not None:
        others = others.exclude(pk=person.pk)
    if email is not None and others.filter(email=email).exists():
        raise DomainError(_("Someone in this organisation already has that email."), field="email")
    if employee_id and others.filter(employee_id=employee_id).exists():
        raise DomainError(
            _("Someone in this organisation already has that employee id."), field="employee_id"
        )


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    full_name: str,
    email: str,
    role: str = Role.MEMBER,
    password: str | None = None,
    source: str = Person.Source.MANUAL,
    **attributes: Any,
) -> Person:
    """Create a person; with a password they also get a login (email is the username)."""
    cleaned = _clean_attributes({"full_name": full_name, "email": email, **attributes})
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    email = cleaned["email"]
    _check_unique(organisation, None, email, cleaned.get("employee_id"))
    check_manager(None, cleaned.get("manager"), organisation.pk)
    user = None
    if password is not None:
        if User.objects.filter(email=email).exists():
            raise DomainError(_("That email already has a login."), field="email")
        user = User.objects.create_user(email=email, password=password)
    person = Person(organisation=organisation, user=user, role=role, source=source, **cleaned)
    full_clean_or_raise(person)
    person.save()
    audit_record(
        organisation_id=organisation.pk,
        action=Action.PERSON_CREATED,
        target=person,
        summary=f"Added as {person.get_role_display()} ({person.get_source_display()})",
        details={"role": role, "source": source, "login": user is not None},
    )
    return person


@transaction.atomic
def person_update(*, person: Person, **attributes: Any) -> dict[str, tuple[Any, Any]]:
    """Change a person's attributes; returns {field: (before, after)} for what changed."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    cleaned = _clean_attributes(attributes)
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in cleaned.items():
        before = getattr(person, name)
        if before != value:
            changes[name] = (before, value)
    if not changes:
        return {}
    _check_unique(
        person.organisation,
        person,
        cleaned.get("email") if "email" in changes else None,
        cleaned.get("employee_id") if "employee_id" in changes else None,
    )
    if "manager" in changes:
        check_manager(person, cleaned["manager"], person.organisation_id)
    for name, (_before, after) in changes.items():
        setattr(person, name, after)
    if person.work_ends_at <= person.work_starts_at:
        raise DomainError(_("Working hours must end after they start."), field="work_ends_at")
    full_clean_or_raise(person)
    person.save()
    if "email" in changes and person.user_id is not None:
        if User.objects.filter(email=person.email).exclude(pk=person.user_id).exists():
            raise DomainError(_("That email already has a login."), field="email")
        User.objects.filter(pk=person.user_id).update(email=person.email)
    # Which fields changed, never their values: the log holds no personal data itself.
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.PERSON_UPDATED,
        target=person,
        summary="Changed: " + ", ".join(name.replace("_", " ") for name in changes),
        details={"fields": sorted(changes)},
    )
    return changes


@transaction.atomic
def person_set_role(*, person: Person, role: str) -> Person:
    """Make someone an organisation admin, a programme lead or a member.

    An organisation keeps at least one active admin. A member leads no programme, so demoting
    a lead also takes them off the programmes they led.
    """
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.role == role:
        return person
    if person.role == Role.ADMIN and _last_admin(person):
        raise DomainError(
            _("This is the organisation's only admin: make someone else an admin first."),
            field="role",
        )
    before = person.role
    person.role = role
    person.save(update_fields=["role", "updated_at"])
    led = []
    if role == Role.MEMBER:
        led = list(person.led_programmes.values_list("pk", flat=True))
        person.led_programmes.clear()
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.ROLE_CHANGED,
        target=person,
        summary=f"Role: {Role(before).label} → {person.get_role_display()}",
        details={"from": before, "to": role, "no_longer_leads": led},
    )
    return person


def _last_admin(person: Person) -> bool:
    return not (
        Person.objects.filter(
            organisation_id=person.organisation_id, role=Role.ADMIN, is_active=True
        )
        .exclude(pk=person.pk)
        .exists()
    )


@transaction.atomic
def programme_lead_add(*, programme: Programme, person: Person) -> Programme:
    """Make someone a lead of a programme; a member becomes a programme lead for it."""
    if person.organisation_id != programme.organisation_id:
        raise DomainError(_("Programme leads must belong to the organisation."), field="person")
    if not person.is_active:
        raise DomainError(_("Only someone active in the organisation can lead."), field="person")
    if person.role == Role.MEMBER:
        person_set_role(person=person, role=Role.LEAD)
    if not programme.leads.filter(pk=person.pk).exists():
        programme.leads.add(person)
        _audit_lead(Action.LEAD_ADDED, programme, person, f"Now leads {programme.name}")
    return programme


@transaction.atomic
def programme_lead_remove(*, programme: Programme, person: Person) -> Programme:
    if not programme.leads.filter(pk=person.pk).exists():
        raise DomainError(_("That person does not lead this programme."), field="person")
    programme.leads.remove(person)
    _audit_lead(Action.LEAD_REMOVED, programme, person, f"No longer leads {programme.name}")
    return programme


def _audit_lead(action: str, programme: Programme, person: Person, summary: str) -> None:
    audit_record(
        organisation_id=programme.organisation_id,
        action=action,
        target=person,
        object_type="programme",
        object_id=programme.pk,
        summary=summary,
    )


@transaction.atomic
def person_deactivate(*, person: Person, when: dt.datetime | None = None) -> Person:
    """Someone left the organisation: no more sign-in, circles, enrolments, formation or reminders.

    Their sign-in ends at once: the login is switched off, and the middleware signs out any
    session of an inactive login on its next request. They leave their circles that day
    (what they wrote stays with the circle), and the rotation re-plans roles they held.
    """
    from circles.enrolment.services import enrolments_withdraw_for_leaver
    from circles.groups.services import memberships_end_for_leaver

    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        return person
    if person.role == Role.ADMIN and _last_admin(person):
        raise DomainError(
            _("This is the organisation's only admin: make someone else an admin first.")
        )
    when = when or timezone.now()
    person.is_active = False
    person.deactivated_at = when
    person.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    if person.user_id is not None:
        User.objects.filter(pk=person.user_id).update(is_active=False)
    memberships_end_for_leaver(person=person, left_on=timezone.localdate(when))
    enrolments_withdraw_for_leaver(person=person)
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.PERSON_DEACTIVATED,
        target=person,
        summary="Left the organisation: signed out, out of their circles",
    )
    return person


def people_deactivate(*, people: Iterable[Person], when: dt.datetime | None = None) -> int:
    count = 0
    for person in people:
        if person.is_active:
            person_deactivate(person=person, when=when)
            count += 1
    return count


@transaction.atomic
def person_reactivate(*, person: Person) -> Person:
    """Someone came back: they can sign in again; circles they left are not rejoined."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        return person
    if person.is_erased:
        raise DomainError(
            _("This person was erased: add them again as a new person if they return.")
        )
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    if person.user_id is not None:
        User.objects.filter(pk=person.user_id).update(is_active=True)
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.PERSON_REACTIVATED,
        target=person,
        summary="Active again; can sign in",
    )
    return person


@transaction.atomic
def person_login_create(*, person: Person) -> User:
    """Give an active person without a login one that has no password.

    They sign in by single sign-on, or choose a password from an invitation later.
    """
    # Lock only the person's row: PostgreSQL cannot lock the nullable side of the login join.
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.user is not None:
        return person.user
    if not person.is_active:
        raise DomainError(_("%(person)s has left the organisation.") % {"person": person.full_name})
    if User.objects.filter(email=person.email).exists():
        raise DomainError(_("That email already has a login."), field="email")
    user = User.objects.create_user(email=person.email, password=None)
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


def _check_admin_of(person: Person, by: Person) -> None:
    """Sign-in help for a person comes from an active admin of their own organisation."""
    same_organisation = by.organisation_id == person.organisation_id
    if not (by.is_active and by.role == Role.ADMIN and same_organisation):
        raise DomainError(_("Only an admin of their organisation can do that."))


@transaction.atomic
def person_sign_in_unlock(*, person: Person, by: Person) -> int:
    """Lift a lock-out after too many wrong passwords; returns the records cleared."""
    from circles.accounts.services import sign_in_unlock

    _check_admin_of(person, by)
    if person.user is None:
        raise DomainError(_("%(person)s has no login yet.") % {"person": person.full_name})
    cleared = sign_in_unlock(email=person.user.email)
    # Lifting a lock-out helps whoever is guessing as much as the person: always on record.
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.SIGN_IN_UNLOCKED,
        target=person,
        summary="Lifted a sign-in lock-out",
        details={"records_cleared": cleared},
    )
    return cleared


@transaction.atomic
def person_two_factor_reset(*, person: Person, by: Person) -> bool:
    """Turn a person's two-factor sign-in off (a lost phone): their next sign-in asks only for
    the password, and sets it up again where the organisation requires it."""
    from circles.accounts.two_factor.services import two_factor_reset

    _check_admin_of(person, by)
    if person.user is None:
        raise DomainError(_("%(person)s has no login yet.") % {"person": person.full_name})
    had = two_factor_reset(user=person.user)
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.TWO_FACTOR_RESET,
        target=person,
        summary="Turned off two-factor sign-in" if had else "Two-factor sign-in was already off",
        details={"was_on": had},
    )
    return had
