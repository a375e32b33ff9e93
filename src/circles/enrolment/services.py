"""Writes about enrolment: opening it, inviting, opting in and out, the waiting list.

Emails go through the reminder sweep (``circles.enrolment.reminders``): an invitation to enrol,
one reminder, and a note to whoever moves up from the waiting list. People who cannot sign in
yet are first invited to the product (``orgs.invitations``); their invitation to enrol follows
once they have chosen a password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from circles.languages import formats
from circles.lib.bounds import require_date_within
from circles.lib.errors import DomainError
from circles.orgs.invitations.services import invitations_send
from circles.orgs.models import Invitation, Person, Programme

from .models import Enrolment, EnrolmentSettings
from .selectors import MAX_AVOID, circles_published, in_audience, may_enrol
from .times import SLOT_CODES, slot_label, slots_outside_hours

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_CAPACITY = 100_000
MAX_ITEMS = 10
MAX_ITEM_LENGTH = 60
INSERT_CHUNK = 2000


def _locked_settings(programme: Programme) -> EnrolmentSettings:
    found = EnrolmentSettings.objects.select_for_update().filter(programme=programme).first()
    if found is None:
        raise DomainError(_("This programme does not take enrolments."))
    return found


@transaction.atomic
def enrolment_configure(
    *,
    programme: Programme,
    by: Person | None,
    audience: str,
    capacity: int | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    departments: Iterable[str] = (),
    locations: Iterable[str] = (),
) -> EnrolmentSettings:
    """Choose who may enrol, how many places there are, and optional dates."""
    if audience not in EnrolmentSettings.Audience.values:
        raise DomainError(_("Choose who may enrol."), field="audience")
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            _("Places run from 1 to %(most)s; leave empty for no limit.")
            % {"most": formats.format_local_number(MAX_CAPACITY)},
            field="capacity",
        )
    if opens_on is not None:
        require_date_within(opens_on, field="opens_on")
    if closes_on is not None:
        require_date_within(closes_on, field="closes_on")
    if opens_on and closes_on and closes_on < opens_on:
        raise DomainError(
            _("Enrolment must close on or after the day it opens."), field="closes_on"
        )
    departments = sorted({d.strip() for d in departments if d.strip()})
    locations = sorted({loc.strip() for loc in locations if loc.strip()})
    if audience == EnrolmentSettings.Audience.DIRECTORY and not (departments or locations):
        raise DomainError(
            _("Choose at least one department or location for this audience."),
            field="departments",
        )
    found, _created = EnrolmentSettings.objects.select_for_update().get_or_create(
        programme=programme, defaults={"organisation_id": programme.organisation_id}
    )
    found.audience = audience
    found.capacity = capacity
    found.opens_on, found.closes_on = opens_on, closes_on
    found.departments = departments if audience == EnrolmentSettings.Audience.DIRECTORY else []
    found.locations = locations if audience == EnrolmentSettings.Audience.DIRECTORY else []
    found.updated_by = by
    found.save()
    # More places: people waiting move up at once.
    _promote(found)
    return found


@transaction.atomic
def enrolment_open(*, programme: Programme, by: Person | None) -> EnrolmentSettings:
    found, _created = EnrolmentSettings.objects.select_for_update().get_or_create(
        programme=programme, defaults={"organisation_id": programme.organisation_id}
    )
    if found.closes_on is not None and found.closes_on < timezone.localdate():
        raise DomainError(_("The closing date has passed: change it first."), field="closes_on")
    found.status = EnrolmentSettings.Status.OPEN
    found.opened_at = found.opened_at or timezone.now()
    found.closed_at = None
    found.updated_by = by
    found.save()
    return found


@transaction.atomic
def enrolment_close(*, programme: Programme, by: Person | None) -> EnrolmentSettings:
    found = _locked_settings(programme)
    if found.status != EnrolmentSettings.Status.OPEN:
        raise DomainError(_("Enrolment is not open."))
    found.status = EnrolmentSettings.Status.CLOSED
    found.closed_at = timezone.now()
    found.updated_by = by
    found.save()
    return found


@transaction.atomic
def enrolment_link_renew(*, programme: Programme, by: Person | None) -> EnrolmentSettings:
    """A new link for the "everyone" audience; the old one stops working."""
    from .models import new_link_token

    found = _locked_settings(programme)
    found.link_token = new_link_token()
    found.updated_by = by
    found.save()
    return found


@dataclass
class InviteResult:
    invited: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    # Invited to sign in first: their invitation to enrol follows their first sign-in.
    asked_to_sign_in: list[Person] = field(default_factory=list)
    skipped: list[tuple[Person, str]] = field(default_factory=list)


def _can_sign_in(person: Person) -> bool:
    user = person.user
    return user is not None and (user.has_usable_password() or user.last_login is not None)


@transaction.atomic
def enrolment_invite(
    *, programme: Programme, people: Iterable[Person], invited_by: Person | None
) -> InviteResult:
    """Invite people to enrol; each gets an email (and one reminder) while enrolment is open."""
    EnrolmentSettings.objects.select_for_update().get_or_create(
        programme=programme, defaults={"organisation_id": programme.organisation_id}
    )
    result = InviteResult()
    given = {p.pk: p for p in people}
    # Read who is active now: the objects handed in may be older than a departure.
    active: set[int] = set()
    ids = list(given)
    for start in range(0, len(ids), 900):
        active |= set(
            Person.objects.filter(
                pk__in=ids[start : start + 900],
                organisation_id=programme.organisation_id,
                is_active=True,
            ).values_list("pk", flat=True)
        )
    candidates: dict[int, Person] = {}
    for pk, person in given.items():
        if person.organisation_id != programme.organisation_id:
            # Translators: shown after a person's name, "Ann Lee: is not in this organisation".
            result.skipped.append((person, _("is not in this organisation")))
        elif pk not in active:
            # Translators: shown after a person's name, "Ann Lee: has left the organisation".
            result.skipped.append((person, _("has left the organisation")))
        else:
            candidates[pk] = person
    ids = list(candidates)
    existing: set[int] = set()
    for start in range(0, len(ids), 900):
        existing |= set(
            Enrolment.objects.filter(
                programme=programme, person_id__in=ids[start : start + 900]
            ).values_list("person_id", flat=True)
        )
    now = timezone.now()
    new = [p for pid, p in candidates.items() if pid not in existing]
    result.already = [p for pid, p in candidates.items() if pid in existing]
    for start in range(0, len(new), INSERT_CHUNK):
        Enrolment.objects.bulk_create(
            Enrolment(
                organisation_id=programme.organisation_id,
                programme=programme,
                person=p,
                status=Enrolment.Status.INVITED,
                invited_at=now,
                invited_by=invited_by,
            )
            for p in new[start : start + INSERT_CHUNK]
        )
    result.invited = new
    needs_login = _needing_product_invitation(new)
    if needs_login:
        batch = invitations_send(people=needs_login, invited_by=invited_by)
        result.asked_to_sign_in = batch.sent
        result.skipped += batch.skipped
    return result


def _needing_product_invitation(people: list[Person]) -> list[Person]:
    """People who cannot sign in and hold no invitation that still works."""
    without = [p for p in people if not _can_sign_in(p)]
    if not without:
        return []
    fresh_since = timezone.now() - dt.timedelta(days=django_settings.CIRCLES_INVITATION_DAYS - 1)
    ids = [p.pk for p in without]
    fresh: set[int] = set()
    for start in range(0, len(ids), 900):
        fresh |= set(
            Invitation.objects.filter(
                person_id__in=ids[start : start + 900],
                accepted_at__isnull=True,
                last_sent_at__gte=fresh_since,
            ).values_list("person_id", flat=True)
        )
    return [p for p in without if p.pk not in fresh]


@dataclass(frozen=True)
class _ListWords:
    """A profile list's two refusals, each with %(most)s."""

    too_long: StrOrPromise
    too_many: StrOrPromise


def _clean_list(values: Iterable[str], words: _ListWords, field_name: str) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = " ".join(str(value).split())
        if not text:
            continue
        if len(text) > MAX_ITEM_LENGTH:
            raise DomainError(str(words.too_long % {"most": MAX_ITEM_LENGTH}), field=field_name)
        if text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(text)
    if len(cleaned) > MAX_ITEMS:
        raise DomainError(str(words.too_many % {"most": MAX_ITEMS}), field=field_name)
    return cleaned


INTEREST_WORDS = _ListWords(
    gettext_lazy("Keep each development interest under %(most)s characters."),
    ngettext_lazy(
        "Name at most %(most)s development interest.",
        "Name at most %(most)s development interests.",
        "most",
    ),
)
LANGUAGE_WORDS = _ListWords(
    gettext_lazy("Keep each language under %(most)s characters."),
    ngettext_lazy("Name at most %(most)s language.", "Name at most %(most)s languages.", "most"),
)


@dataclass
class Profile:
    development_interests: list[str]
    languages: list[str]
    meeting_times: list[str]
    avoid: list[Person]


def _clean_profile(
    *,
    person: Person,
    programme: Programme,
    development_interests: Iterable[str],
    languages: Iterable[str],
    meeting_times: Iterable[str],
    avoid: Iterable[Person],
) -> Profile:
    times = list(dict.fromkeys(meeting_times))
    unknown = [code for code in times if code not in SLOT_CODES]
    if unknown:
        raise DomainError(_("Choose meeting times from the list."), field="meeting_times")
    outside = slots_outside_hours(
        times, person.work_starts_at, person.work_ends_at, programme.meeting_minutes
    )
    if outside:
        names = ", ".join(slot_label(code) for code in outside)
        raise DomainError(
            _(
                "%(slots)s leaves no %(minutes)s-minute meeting inside your working hours "
                "(%(starts)s to %(ends)s)."
            )
            % {
                "slots": f"{names[0].upper()}{names[1:]}",
                "minutes": programme.meeting_minutes,
                "starts": formats.format_local_time(person.work_starts_at),
                "ends": formats.format_local_time(person.work_ends_at),
            },
            field="meeting_times",
        )
    avoided = list({p.pk: p for p in avoid}.values())
    if len(avoided) > MAX_AVOID:
        raise DomainError(
            ngettext("Name at most %(most)s person.", "Name at most %(most)s people.", MAX_AVOID)
            % {"most": MAX_AVOID},
            field="avoid",
        )
    for other in avoided:
        if other.pk == person.pk:
            raise DomainError(_("You cannot name yourself."), field="avoid")
        if other.organisation_id != person.organisation_id or not other.is_active:
            raise DomainError(_("Name colleagues in your organisation only."), field="avoid")
    return Profile(
        development_interests=_clean_list(
            development_interests, INTEREST_WORDS, "development_interests"
        ),
        languages=_clean_list(languages, LANGUAGE_WORDS, "languages"),
        meeting_times=[code for code in SLOT_CODES if code in times],
        avoid=avoided,
    )


def _apply_profile(enrolment: Enrolment, profile: Profile) -> None:
    enrolment.development_interests = profile.development_interests
    enrolment.languages = profile.languages
    enrolment.meeting_times = profile.meeting_times


def _enrolled_count(programme_id: int) -> int:
    return Enrolment.objects.filter(
        programme_id=programme_id, status=Enrolment.Status.ENROLLED
    ).count()


@transaction.atomic
def enrol(
    *,
    programme: Programme,
    person: Person,
    development_interests: Iterable[str] = (),
    languages: Iterable[str] = (),
    meeting_times: Iterable[str] = (),
    avoid: Iterable[Person] = (),
) -> Enrolment:
    """Opt in (or update the profile); beyond the places, join the waiting list."""
    found = _locked_settings(programme)
    enrolment = (
        Enrolment.objects.select_for_update().filter(programme=programme, person=person).first()
    )
    profile = _clean_profile(
        person=person,
        programme=programme,
        development_interests=development_interests,
        languages=languages,
        meeting_times=meeting_times,
        avoid=avoid,
    )
    if enrolment is not None and enrolment.is_in:
        if circles_published(found):
            raise DomainError(_("Circles have been published: your answer can no longer change."))
        _apply_profile(enrolment, profile)
        enrolment.save()
        enrolment.avoid.set(profile.avoid)
        return enrolment
    if not may_enrol(found, person, enrolment):
        if found.status == EnrolmentSettings.Status.OPEN and (
            enrolment is not None or in_audience(found, person)
        ):
            raise DomainError(_("Enrolment is not open today."))
        raise DomainError(_("Enrolment in this programme is not open to you."))
    now = timezone.now()
    if enrolment is None:
        enrolment = Enrolment(
            organisation_id=programme.organisation_id, programme=programme, person=person
        )
    full = found.capacity is not None and _enrolled_count(programme.pk) >= found.capacity
    enrolment.status = Enrolment.Status.WAITLISTED if full else Enrolment.Status.ENROLLED
    enrolment.answered_at = enrolment.queued_at = now
    enrolment.withdrawn_at = enrolment.promoted_at = None
    _apply_profile(enrolment, profile)
    enrolment.save()
    enrolment.avoid.set(profile.avoid)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, programme: Programme, person: Person) -> Enrolment:
    """Opt out until circles are published; the first person waiting takes the place."""
    found = _locked_settings(programme)
    enrolment = (
        Enrolment.objects.select_for_update().filter(programme=programme, person=person).first()
    )
    if enrolment is None or not enrolment.is_in:
        raise DomainError(_("You are not enrolled in this programme."))
    if circles_published(found):
        raise DomainError(
            _(
                "Circles have been published, so you can no longer withdraw here: "
                "talk to your circle or the programme's lead."
            )
        )
    was_enrolled = enrolment.status == Enrolment.Status.ENROLLED
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at", "updated_at"])
    if was_enrolled:
        _promote(found)
    return enrolment


@transaction.atomic
def enrolment_decline(*, programme: Programme, person: Person) -> Enrolment:
    """Say no to an invitation (no more reminders); enrolling later stays possible while open."""
    found = _locked_settings(programme)
    enrolment = (
        Enrolment.objects.select_for_update().filter(programme=programme, person=person).first()
    )
    if enrolment is not None and enrolment.is_in:
        raise DomainError(_("You are enrolled: withdraw instead."))
    if enrolment is None:
        if not in_audience(found, person):
            raise DomainError(_("Enrolment in this programme is not open to you."))
        enrolment = Enrolment(
            organisation_id=programme.organisation_id, programme=programme, person=person
        )
    enrolment.status = Enrolment.Status.DECLINED
    enrolment.answered_at = timezone.now()
    enrolment.save()
    return enrolment


def _promote(found: EnrolmentSettings) -> list[Enrolment]:
    """Fill free places from the waiting list in enrolment order (before circles exist)."""
    if circles_published(found):
        return []
    waiting = Enrolment.objects.select_for_update().filter(
        programme_id=found.programme_id, status=Enrolment.Status.WAITLISTED
    )
    if found.capacity is None:
        chosen = list(waiting.order_by("queued_at", "pk"))
    else:
        free = found.capacity - _enrolled_count(found.programme_id)
        chosen = list(waiting.order_by("queued_at", "pk")[: max(free, 0)])
    now = timezone.now()
    for enrolment in chosen:
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.promoted_at = now
        enrolment.save(update_fields=["status", "promoted_at", "updated_at"])
    return chosen


@transaction.atomic
def enrolments_withdraw_for_leaver(*, person: Person) -> int:
    """Someone left the organisation: every answer of theirs is withdrawn, places move up."""
    open_rows = list(
        Enrolment.objects.select_for_update().filter(
            person=person,
            status__in=[
                Enrolment.Status.INVITED,
                Enrolment.Status.ENROLLED,
                Enrolment.Status.WAITLISTED,
            ],
        )
    )
    now = timezone.now()
    for enrolment in open_rows:
        was_enrolled = enrolment.status == Enrolment.Status.ENROLLED
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = now
        enrolment.save(update_fields=["status", "withdrawn_at", "updated_at"])
        if was_enrolled:
            found = (
                EnrolmentSettings.objects.select_for_update()
                .filter(programme_id=enrolment.programme_id)
                .first()
            )
            if found is not None:
                _promote(found)
    return len(open_rows)
