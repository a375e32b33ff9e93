"""The library's emails through the reminder sweep: asking a named colleague for consent (with
the signed link that keeps working after they leave), and the optional monthly digest of new
library items and featured stories. Registered in ``circles.notify.kinds.HANDLERS``.

Nothing from any circle goes into these emails: library items and stories are written for
publication, and the digest lists only what the person may read.

Subjects are written in the language active while ``notify.delivery`` builds them: the
recipient's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.notify.content import Candidate, Content, absolute
from circles.notify.models import PREFERENCE_OF_KIND, Kind, Reminder
from circles.orgs.models import Person

from .models import Kind as ItemKind
from .models import StoryConsent
from .selectors import published_for
from .stories.selectors import byline
from .stories.tokens import story_link_token

DIGEST_ITEMS = 8


def _wants(kind: str, prefix: str = "") -> Q:
    name = PREFERENCE_OF_KIND[kind]
    return ~Q(**{f"{prefix}notification_preference__{name}": False}) & Q(
        **{f"{prefix}is_active": True}
    )


# Consent requests -------------------------------------------------------------------------


def consent_candidates(now: dt.datetime) -> Iterator[Candidate]:
    rows = (
        StoryConsent.objects.filter(
            state=StoryConsent.State.PENDING, story__submitted_at__isnull=False
        )
        .filter(_wants(Kind.CONSENT, "person__"))
        .filter(
            ~Exists(
                Reminder.objects.filter(
                    kind=Kind.CONSENT, object_id=OuterRef("pk"), person_id=OuterRef("person_id")
                )
            )
        )
        .values_list("pk", "person_id")
    )
    for pk, person_id in rows.iterator(chunk_size=2000):
        yield pk, person_id, "asked"


def consent_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    consents = {
        c.pk: c
        for c in StoryConsent.objects.filter(
            pk__in=[r.object_id for r in reminders]
        ).select_related("story__item__author")
    }
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        consent = consents.get(reminder.object_id)
        if (
            consent is None
            or consent.person_id != reminder.person_id
            or consent.state != StoryConsent.State.PENDING
        ):
            out[reminder.pk] = None
            continue
        item = consent.story.item
        token = story_link_token("consent", consent.pk, consent.person_id)
        out[reminder.pk] = Content(
            subject=_("A success story names you: %(title)s") % {"title": item.title},
            template="story_consent",
            context={
                "title": item.title,
                "author": byline(item, consent.story),
                "url": absolute(reverse("story_link", args=[token])),
            },
        )
    return out


# Monthly digest ---------------------------------------------------------------------------


def _month(now: dt.datetime) -> str:
    return timezone.localdate(now).strftime("%Y-%m")


def digest_candidates(now: dt.datetime) -> Iterator[Candidate]:
    month = _month(now)
    # Optional: only people who switched it on (no preference row means off).
    people = (
        Person.objects.filter(is_active=True, notification_preference__library_digest=True)
        .filter(
            ~Exists(
                Reminder.objects.filter(kind=Kind.LIBRARY, person_id=OuterRef("pk"), occasion=month)
            )
        )
        .values_list("pk", flat=True)
    )
    for person_id in people.iterator(chunk_size=2000):
        yield person_id, person_id, month


def digest_for(person: Person, now: dt.datetime) -> dict[str, list[tuple[str, str]]]:
    """(title, address) of what is new for the person in the last month: library items, and
    stories featured on their programmes or shared in their networks."""
    from circles.networks.models import NetworkItem
    from circles.networks.selectors import networks_visible_to

    since = now - dt.timedelta(days=31)
    readable = published_for(person)
    new = readable.filter(published_at__gte=since).exclude(kind=ItemKind.STORY)
    stories = readable.filter(kind=ItemKind.STORY).filter(
        Q(
            story__featured_in__circles__memberships__person=person,
            story__featured_in__circles__memberships__left_on__isnull=True,
        )
        | Q(
            pk__in=NetworkItem.objects.filter(
                network__in=networks_visible_to(person), shared_at__gte=since
            ).values("item_id")
        )
    )
    shared = readable.exclude(kind=ItemKind.STORY).filter(
        pk__in=NetworkItem.objects.filter(
            network__in=networks_visible_to(person), shared_at__gte=since
        ).values("item_id")
    )

    def listed(items: object) -> list[tuple[str, str]]:
        rows = items.distinct().order_by("-published_at", "-pk")[:DIGEST_ITEMS]  # type: ignore[attr-defined]
        return [(i.title, absolute(reverse("library_item", args=[i.pk]))) for i in rows]

    return {"new": listed(new), "stories": listed(stories), "shared": listed(shared)}


def digest_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        person = reminder.person
        if reminder.occasion != _month(now) or not person.is_active:
            out[reminder.pk] = None
            continue
        found = digest_for(person, now)
        if not any(found.values()):
            out[reminder.pk] = None  # nothing new: no email
            continue
        out[reminder.pk] = Content(
            subject=_("New in the library this month (%(month)s)") % {"month": reminder.occasion},
            template="library_digest",
            context={**found, "url": absolute(reverse("library_index"))},
        )
    return out
