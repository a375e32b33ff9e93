"""Reads about stories: what asks for my consent, my own stories, where a story may start."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from circles.groups.selectors import owner_reads_circle
from circles.growth.commitments.selectors import own_commitments
from circles.growth.models import LearningTransferCheck
from circles.languages import formats
from circles.orgs.models import Person, Programme

from ..models import Kind, LibraryItem, Status, Story, StoryConsent
from ..selectors import published_for
from .services import ANONYMOUS


def consents_asked_of(person: Person) -> QuerySet[StoryConsent]:
    """Stories that name the person and wait for, or hold, their answer."""
    return (
        StoryConsent.objects.filter(
            person=person, story__item__organisation_id=person.organisation_id
        )
        .select_related("story__item__author")
        .order_by("state", "-asked_at", "-pk")
    )


def own_stories(person: Person) -> QuerySet[LibraryItem]:
    return (
        LibraryItem.objects.filter(author=person, kind=Kind.STORY)
        .select_related("story")
        .order_by("-updated_at", "-pk")
    )


def own_story(person: Person, item_id: int) -> LibraryItem | None:
    return own_stories(person).filter(pk=item_id).first()


def story_of(item: LibraryItem) -> Story | None:
    return Story.objects.filter(item_id=item.pk).prefetch_related("consents__person").first()


def byline(item: LibraryItem, story: Story | None) -> str:
    """Who a reader is told wrote the item."""
    if story is not None and story.anonymised:
        return str(ANONYMOUS)
    return item.author.full_name if item.author else _("A former colleague")


@dataclass(frozen=True)
class Source:
    key: str  # "commitment:<id>" or "transfer:<id>"
    label: str
    text: str


def story_sources(person: Person, *, limit: int = 20) -> list[Source]:
    """The person's own closed commitments and answered learning-transfer checks, read through
    the confidentiality boundary (only circles they still read), to copy a story's first words
    from. The label names the date only, never the circle."""
    sources: list[Source] = []
    commitments = (
        own_commitments(person)
        .exclude(status="open")
        .select_related("made_at")
        .order_by("-due_on", "-pk")[:limit]
    )
    for c in commitments:
        sources.append(
            Source(
                f"commitment:{c.pk}",
                _("My commitment due %(date)s") % {"date": formats.format_local_date(c.due_on)},
                c.action,
            )
        )
    checks = (
        LearningTransferCheck.objects.filter(owner=person, answered_at__isnull=False, applied=True)
        .filter(owner_reads_circle(circle_ref="commitment__circle_id", person_ref="owner_id"))
        .order_by("-answered_at", "-pk")[:limit]
    )
    for check in checks:
        text = "\n\n".join(t for t in (check.how, check.effect) if t)
        if text:
            sources.append(
                Source(
                    f"transfer:{check.pk}",
                    _("How I applied a learning (%(date)s)")
                    % {"date": formats.format_local_date(check.answered_at)},
                    text,
                )
            )
    return sources


def source_text(person: Person, key: str) -> tuple[str, str] | None:
    """(started_from, text) for one of ``story_sources``; None for anything else."""
    for source in story_sources(person, limit=200):
        if source.key == key:
            return source.key.split(":", 1)[0], source.text
    return None


def featured_stories(programme: Programme, viewer: Person) -> QuerySet[LibraryItem]:
    return (
        published_for(viewer)
        .filter(kind=Kind.STORY, story__featured_in=programme)
        .order_by("-published_at", "-pk")
    )


def featured_for_member(viewer: Person) -> QuerySet[LibraryItem]:
    """Stories featured on the programmes of the viewer's circles."""
    return (
        published_for(viewer)
        .filter(
            kind=Kind.STORY,
            story__featured_in__circles__memberships__person=viewer,
            story__featured_in__circles__memberships__left_on__isnull=True,
        )
        .distinct()
        .order_by("-published_at", "-pk")
    )


def stories_to_feature(viewer: Person) -> QuerySet[LibraryItem]:
    return published_for(viewer).filter(kind=Kind.STORY, status=Status.PUBLISHED)
