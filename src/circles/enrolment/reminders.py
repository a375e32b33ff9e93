"""Enrolment emails for the reminder sweep: the invitation, one reminder, a place freed up.

Registered in ``circles.notify.kinds.HANDLERS``. Each query is set-based, so a sweep costs the
same few queries whatever the number of people. The emails name the programme and link to its
enrolment page; they never say who else enrolled, and never anything about anyone's choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.notify.content import Candidate, Content
from circles.notify.models import PREFERENCE_OF_KIND, Kind, Reminder

from .models import Enrolment, EnrolmentSettings
from .selectors import programme_asks

INVITED, REMINDER = "invited", "reminder"
# Old invitations are not dug up, and a place freed long ago is not announced late.
LOOKBACK_DAYS = 30
PLACE_WINDOW_DAYS = 7


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _wants(kind: str) -> Q:
    name = PREFERENCE_OF_KIND[kind]
    return ~Q(**{f"person__notification_preference__{name}": False}) & Q(person__is_active=True)


def _can_sign_in() -> Q:
    """Only people who can sign in are emailed: the others get the product invitation first."""
    return Q(person__user__is_active=True) & (
        Q(person__user__last_login__isnull=False) | ~Q(person__user__password__startswith="!")
    )


def _accepting(now: dt.datetime) -> Q:
    today = timezone.localdate(now)
    return (
        Q(programme__enrolment_settings__status=EnrolmentSettings.Status.OPEN)
        & (
            Q(programme__enrolment_settings__opens_on__isnull=True)
            | Q(programme__enrolment_settings__opens_on__lte=today)
        )
        & (
            Q(programme__enrolment_settings__closes_on__isnull=True)
            | Q(programme__enrolment_settings__closes_on__gte=today)
        )
    )


def _recorded(occasion: str, *, sent_before: dt.datetime | None = None) -> Exists:
    reminders = Reminder.objects.filter(
        kind=Kind.ENROLMENT,
        object_id=OuterRef("pk"),
        person_id=OuterRef("person_id"),
        occasion=occasion,
    )
    if sent_before is not None:
        reminders = reminders.filter(state=Reminder.State.SENT, sent_at__lte=sent_before)
    return Exists(reminders)


def _unanswered(now: dt.datetime) -> Q:
    return (
        Q(status=Enrolment.Status.INVITED, invited_at__gte=now - dt.timedelta(days=LOOKBACK_DAYS))
        & _accepting(now)
        & _can_sign_in()
        & _wants(Kind.ENROLMENT)
    )


def enrolment_candidates(now: dt.datetime) -> Iterator[Candidate]:
    """The invitation once people can sign in; one reminder some days after it was sent."""
    invitations = (
        Enrolment.objects.filter(_unanswered(now))
        .filter(~_recorded(INVITED))
        .values_list("pk", "person_id")
    )
    for pk, person_id in invitations.iterator(chunk_size=2000):
        yield pk, person_id, INVITED
    due = now - dt.timedelta(days=settings.CIRCLES_ENROLMENT_REMINDER_DAYS)
    reminders = (
        Enrolment.objects.filter(_unanswered(now))
        .filter(_recorded(INVITED, sent_before=due))
        .filter(~_recorded(REMINDER))
        .values_list("pk", "person_id")
    )
    for pk, person_id in reminders.iterator(chunk_size=2000):
        yield pk, person_id, REMINDER


def _context(enrolment: Enrolment) -> dict[str, object]:
    programme = enrolment.programme
    return {
        "programme": programme,
        "asks": programme_asks(programme),
        "closes_on": enrolment.programme.enrolment_settings.closes_on,
        "url": _absolute(reverse("enrolment_page", args=[programme.pk])),
    }


def enrolment_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:

    still_open = {
        e.pk: e
        for e in Enrolment.objects.filter(
            _accepting(now),
            pk__in=[r.object_id for r in reminders],
            status=Enrolment.Status.INVITED,
        ).select_related("programme__enrolment_settings")
    }
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        enrolment = still_open.get(reminder.object_id)
        if enrolment is None or enrolment.person_id != reminder.person_id:
            out[reminder.pk] = None
            continue
        name = enrolment.programme.name
        first = reminder.occasion == INVITED
        out[reminder.pk] = Content(
            subject=(
                _("You are invited to join %(programme)s") % {"programme": name}
                if first
                else _("Still interested in %(programme)s?") % {"programme": name}
            ),
            template="enrolment_invite" if first else "enrolment_reminder",
            context=_context(enrolment),
        )
    return out


def _place_occasion(enrolment_promoted_at: dt.datetime) -> str:
    return "place-" + enrolment_promoted_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S")


def place_candidates(now: dt.datetime) -> Iterator[Candidate]:
    """People who moved up from a waiting list lately, told once per move."""
    rows = list(
        Enrolment.objects.filter(
            status=Enrolment.Status.ENROLLED,
            promoted_at__gte=now - dt.timedelta(days=PLACE_WINDOW_DAYS),
        )
        .filter(_wants(Kind.ENROL_PLACE))
        .values_list("pk", "person_id", "promoted_at")
    )
    if not rows:
        return
    recorded = set(
        Reminder.objects.filter(
            kind=Kind.ENROL_PLACE, object_id__in=[pk for pk, _p, _at in rows]
        ).values_list("object_id", "occasion")
    )
    for pk, person_id, promoted_at in rows:
        if promoted_at is None:
            continue
        occasion = _place_occasion(promoted_at)
        if (pk, occasion) not in recorded:
            yield pk, person_id, occasion


def place_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:

    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(
            pk__in=[r.object_id for r in reminders], status=Enrolment.Status.ENROLLED
        ).select_related("programme__enrolment_settings")
    }
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        enrolment = enrolments.get(reminder.object_id)
        if (
            enrolment is None
            or enrolment.promoted_at is None
            or enrolment.person_id != reminder.person_id
            or _place_occasion(enrolment.promoted_at) != reminder.occasion
        ):
            out[reminder.pk] = None
            continue
        out[reminder.pk] = Content(
            subject=_("A place for you in %(programme)s") % {"programme": enrolment.programme.name},
            template="enrolment_place",
            context=_context(enrolment),
        )
    return out
