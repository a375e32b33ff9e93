"""Reads about enrolment, scoped to who is asking.

The private "rather not share a circle with" choices are read in exactly two places:
``own_avoid_list`` (for their owner's form) and ``private_keep_apart`` (for the solver).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.accounts.models import normalise_email
from circles.languages import formats
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme

from .models import Enrolment, EnrolmentSettings

# How many people one person may ask to be kept apart from: more would make forming fail.
MAX_AVOID = 5
DIRECTORY_PAGE = 50


def settings_of(programme: Programme) -> EnrolmentSettings | None:
    return EnrolmentSettings.objects.filter(programme=programme).first()


def enrolment_of(programme: Programme, person: Person) -> Enrolment | None:
    return Enrolment.objects.filter(programme=programme, person=person).first()


def circles_published(settings: EnrolmentSettings | None) -> bool:
    """Circles were published from a formation run since enrolment opened: no more withdrawing."""
    # Imported here: formation sits above enrolment and imports it at module level.
    from circles.formation.models import FormationRun

    if settings is None or settings.opened_at is None:
        return False
    return FormationRun.objects.filter(
        programme_id=settings.programme_id,
        status=FormationRun.Status.PUBLISHED,
        published_at__gte=settings.opened_at,
    ).exists()


def in_audience(settings: EnrolmentSettings, person: Person) -> bool:
    """Whether the audience alone (without an invitation) lets this person enrol."""
    if person.organisation_id != settings.organisation_id or not person.is_active:
        return False
    if settings.audience == EnrolmentSettings.Audience.EVERYONE:
        return True
    if settings.audience == EnrolmentSettings.Audience.DIRECTORY:
        return (bool(person.department) and person.department in settings.departments) or (
            bool(person.location) and person.location in settings.locations
        )
    return False


def may_enrol(settings: EnrolmentSettings, person: Person, enrolment: Enrolment | None) -> bool:
    """Invited (or answered before), or inside the audience; and enrolment accepting today."""
    if not settings.accepting(timezone.localdate()) or not person.is_active:
        return False
    return enrolment is not None or in_audience(settings, person)


def may_see(
    settings: EnrolmentSettings | None, person: Person, enrolment: Enrolment | None
) -> bool:
    """The member's enrolment page: their own answer, or an open invitation to them."""
    if settings is None or person.organisation_id != settings.organisation_id:
        return False
    if enrolment is not None and (
        enrolment.status != Enrolment.Status.INVITED or settings.status != settings.Status.NOT_OPEN
    ):
        return True
    return may_enrol(settings, person, enrolment)


@dataclass
class Card:
    programme: Programme
    enrolment: Enrolment | None
    waiting_position: int | None = None


def cards_for(person: Person) -> list[Card]:
    """Home-page cards: invitations open to this person, and answers still in play."""
    today = timezone.localdate()
    open_settings = [
        s
        for s in EnrolmentSettings.objects.filter(
            organisation_id=person.organisation_id, status=EnrolmentSettings.Status.OPEN
        ).select_related("programme")
        if s.accepting(today)
    ]
    mine = {
        e.programme_id: e
        for e in Enrolment.objects.filter(
            person=person,
            status__in=[
                Enrolment.Status.INVITED,
                Enrolment.Status.ENROLLED,
                Enrolment.Status.WAITLISTED,
            ],
        ).select_related("programme")
    }
    cards: list[Card] = []
    for settings in open_settings:
        enrolment = mine.pop(settings.programme_id, None)
        if enrolment is not None or in_audience(settings, person):
            cards.append(Card(settings.programme, enrolment))
    # Answers for programmes that stopped taking enrolments still show until circles exist.
    closed = EnrolmentSettings.objects.filter(programme_id__in=list(mine)).in_bulk(
        field_name="programme_id"
    )
    for programme_id, enrolment in mine.items():
        earlier = closed.get(programme_id)
        if enrolment.is_in and earlier is not None and not circles_published(earlier):
            cards.append(Card(enrolment.programme, enrolment))
    for card in cards:
        if card.enrolment is not None and card.enrolment.status == Enrolment.Status.WAITLISTED:
            card.waiting_position = waiting_position(card.enrolment)
    return cards[:10]


def waiting_position(enrolment: Enrolment) -> int:
    ahead = Enrolment.objects.filter(
        programme_id=enrolment.programme_id,
        status=Enrolment.Status.WAITLISTED,
    ).filter(
        Q(queued_at__lt=enrolment.queued_at) | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def enrolled_people(programme: Programme) -> QuerySet[Person]:
    return Person.objects.filter(
        organisation_id=programme.organisation_id,
        is_active=True,
        enrolments__programme=programme,
        enrolments__status=Enrolment.Status.ENROLLED,
    )


def enrolled_count(programme: Programme) -> int:
    return enrolled_people(programme).count()


def status_counts(programme: Programme) -> dict[str, int]:
    rows = (
        Enrolment.objects.filter(programme=programme)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = dict.fromkeys(Enrolment.Status.values, 0)
    counts.update(dict(rows))
    return counts


def enrolment_list(programme: Programme, status: str | None = None) -> QuerySet[Enrolment]:
    """The lead's list: names and public profile fields; the private list is never loaded."""
    enrolments = Enrolment.objects.filter(programme=programme).select_related("person")
    if status:
        enrolments = enrolments.filter(status=status)
    return enrolments.order_by("status", "queued_at", "person__full_name", "pk")


def waiting_list(programme: Programme) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.WAITLISTED
    ).order_by("queued_at", "pk")


def directory_search(
    programme: Programme,
    *,
    department: str = "",
    location: str = "",
    query: str = "",
    uninvited_only: bool = False,
) -> QuerySet[Person]:
    """Active people of the programme's organisation, with whether they have an answer yet."""
    people = Person.objects.filter(organisation_id=programme.organisation_id, is_active=True)
    if department:
        people = people.filter(department=department)
    if location:
        people = people.filter(location=location)
    query = query.strip()
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query.lower()))
    answered = Exists(Enrolment.objects.filter(programme=programme, person=OuterRef("pk")))
    if uninvited_only:
        people = people.filter(~answered)
    return people.annotate(has_enrolment=answered).order_by("full_name", "pk")


def directory_values(programme: Programme, field: str) -> list[str]:
    values = (
        Person.objects.filter(organisation_id=programme.organisation_id, is_active=True)
        .exclude(**{field: ""})
        .order_by(field)
        .values_list(field, flat=True)
        .distinct()
    )
    return list(values)


def people_by_emails(programme: Programme, text: str) -> list[Person]:
    """The people named by pasted addresses; unknown addresses are an error, naming them."""
    emails = {normalise_email(part) for part in text.replace(",", " ").replace(";", " ").split()}
    emails.discard("")
    if not emails:
        raise DomainError(_("Paste at least one email address."), field="emails")
    if len(emails) > 1000:
        raise DomainError(
            _("Paste at most %(most)s addresses at a time.")
            % {"most": formats.format_local_number(1000)},
            field="emails",
        )
    found = list(
        Person.objects.filter(
            organisation_id=programme.organisation_id, is_active=True, email__in=emails
        )
    )
    unknown = sorted(emails - {p.email for p in found})
    if unknown:
        shown = ", ".join(unknown[:10])
        if len(unknown) > 10:
            # Translators: a list of addresses cut short, e.g. "a@x.com, b@x.com and 3 more".
            shown = _("%(shown)s and %(more)s more") % {"shown": shown, "more": len(unknown) - 10}
        raise DomainError(
            _("Not in the directory (or left the organisation): %(emails)s. Nobody was invited.")
            % {"emails": shown},
            field="emails",
        )
    return found


def colleagues_named(person: Person, lines: Iterable[str]) -> list[Person]:
    """Resolve the owner's own lines (a work email or a full name each) to colleagues."""
    wanted = [line.strip() for line in lines if line.strip()]
    if len(wanted) > MAX_AVOID:
        raise DomainError(
            ngettext(
                "Name at most %(most)s person: more would make circles impossible to form.",
                "Name at most %(most)s people: more would make circles impossible to form.",
                MAX_AVOID,
            )
            % {"most": MAX_AVOID},
            field="avoid",
        )
    colleagues = Person.objects.filter(organisation_id=person.organisation_id, is_active=True)
    found: list[Person] = []
    for line in wanted:
        if "@" in line:
            matches = list(colleagues.filter(email=normalise_email(line))[:2])
        else:
            matches = list(colleagues.filter(full_name__iexact=" ".join(line.split()))[:2])
        if not matches:
            raise DomainError(
                _("Nobody called “%(name)s” works here: check the spelling.") % {"name": line},
                field="avoid",
            )
        if len(matches) > 1:
            raise DomainError(
                _("More than one person is called “%(name)s”: use their work email instead.")
                % {"name": line},
                field="avoid",
            )
        if matches[0].pk == person.pk:
            raise DomainError(_("You cannot name yourself."), field="avoid")
        if matches[0] not in found:
            found.append(matches[0])
    return found


def own_avoid_list(enrolment: Enrolment, person: Person) -> list[Person]:
    """The private list, for its owner only (anyone else gets nothing)."""
    if enrolment.person_id != person.pk:
        return []
    return list(enrolment.avoid.order_by("full_name"))


def private_keep_apart(programme: Programme) -> list[tuple[int, int]]:
    """(person id, person id) pairs to keep apart, for the solver only; never displayed."""
    through = Enrolment.avoid.through
    return list(
        through.objects.filter(enrolment__programme=programme)
        .values_list("enrolment__person_id", "person_id")
        .iterator(chunk_size=5000)
    )


def profile_interests(programme: Programme) -> dict[int, list[str]]:
    """Development interests people gave when enrolling, by person id."""
    rows = Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.ENROLLED
    ).values_list("person_id", "development_interests")
    return {pid: list(values) for pid, values in rows.iterator(chunk_size=5000) if values}


def preferred_times(programme: Programme) -> dict[int, list[str]]:
    rows = Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.ENROLLED
    ).values_list("person_id", "meeting_times")
    return {pid: list(codes) for pid, codes in rows.iterator(chunk_size=5000) if codes}


@dataclass
class Asks:
    """What taking part asks of a person, in plain figures."""

    meetings: int
    minutes: int
    weeks: int
    hours: float


WEEKS_BETWEEN = {"weekly": 1.0, "biweekly": 2.0, "monthly": 52 / 12}


def programme_asks(programme: Programme) -> Asks:
    between = WEEKS_BETWEEN.get(programme.cadence, 2.0)
    meetings = max(1, round(programme.cycle_weeks / between))
    return Asks(
        meetings=meetings,
        minutes=programme.meeting_minutes,
        weeks=programme.cycle_weeks,
        hours=round(meetings * programme.meeting_minutes / 60, 1),
    )
