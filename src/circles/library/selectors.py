"""Who may read what in the library, and the reads every page, the API and exports use.

The rule: everyone in the organisation reads published items for everyone; facilitators' items
are for people who belong to a circle (the role rotates through every member) and for leads
and admins; leads' items for leads and admins only. Curators (leads and admins) also see drafts
and archived items, except other people's unpublished stories, which stay with their author and
the people they name. Nothing of a circle's content is in the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from circles.groups.models import Membership
from circles.orgs.models import Person, Role

from .models import Audience, Kind, LibraryItem, SearchDocument, Status, StoryConsent, Tag
from .search import SearchResults, search_documents


def is_curator(person: Person) -> bool:
    return person.role in {Role.ADMIN, Role.LEAD} and person.is_active


def audiences_for(person: Person) -> list[str]:
    if is_curator(person):
        return [Audience.EVERYONE, Audience.FACILITATORS, Audience.LEADS]
    in_a_circle = Membership.objects.filter(person=person, left_on__isnull=True).exists()
    return [Audience.EVERYONE, Audience.FACILITATORS] if in_a_circle else [Audience.EVERYONE]


def _unconsented() -> Exists:
    return Exists(
        StoryConsent.objects.filter(story_id=OuterRef("pk")).exclude(state=StoryConsent.State.GIVEN)
    )


def published_for(person: Person) -> QuerySet[LibraryItem]:
    """Published items the person may read (a story only while everyone named consents)."""
    return (
        LibraryItem.objects.filter(
            organisation_id=person.organisation_id,
            status=Status.PUBLISHED,
            audience__in=audiences_for(person),
        )
        .exclude(Q(kind=Kind.STORY) & _unconsented())
        .select_related("author")
    )


def items_visible_to(person: Person) -> QuerySet[LibraryItem]:
    """Everything the person may open: published items for them, their own items, and for
    curators every item except others' unpublished stories; for someone named in a story, that
    story while they are asked."""
    own = Q(author=person)
    named = Q(kind=Kind.STORY, story__consents__person=person)
    readable = Q(pk__in=published_for(person).values("pk"))
    scope = readable | own | named
    if is_curator(person):
        scope |= ~Q(kind=Kind.STORY)
    return (
        LibraryItem.objects.filter(organisation_id=person.organisation_id)
        .filter(scope)
        .distinct()
        .select_related("author", "agenda_template")
    )


def item_for(person: Person, item_id: int) -> LibraryItem | None:
    return items_visible_to(person).prefetch_related("tags").filter(pk=item_id).first()


def editable_item(person: Person, item_id: int) -> LibraryItem | None:
    """Curators edit any item but stories; authors edit their own drafts and stories."""
    item = item_for(person, item_id)
    if item is None:
        return None
    if item.author_id == person.pk:
        return item
    if is_curator(person) and item.kind != Kind.STORY:
        return item
    return None


def searchable_by(person: Person) -> QuerySet[SearchDocument]:
    """Search documents the person may find: published items of their audiences (the search
    itself narrows them to the person's organisation, see ``search.ranked_ids``)."""
    documents = SearchDocument.objects.filter(audience__in=audiences_for(person))
    # Belt and braces: the index holds published items only, and a story only while consented.
    return documents.exclude(
        Q(kind=Kind.STORY)
        & Exists(
            StoryConsent.objects.filter(story_id=OuterRef("item_id")).exclude(
                state=StoryConsent.State.GIVEN
            )
        )
    )


def library_search(
    *,
    viewer: Person,
    query: str = "",
    kinds: Sequence[str] = (),
    tags: Sequence[str] = (),
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """The library search every adapter calls: ranked matches the viewer may read, with
    highlighted snippets, narrowed to the given kinds and to items carrying every given tag."""
    documents = searchable_by(viewer)
    known_kinds = [k for k in kinds if k in Kind.values]
    if known_kinds:
        documents = documents.filter(kind__in=known_kinds)
    for name in tags:
        documents = documents.filter(
            item__tags__name__iexact=name, item__tags__organisation_id=viewer.organisation_id
        )
    return search_documents(
        documents,
        organisation_id=viewer.organisation_id,
        query=query,
        page=page,
        per_page=per_page,
    )


def tags_in_use(person: Person, *, limit: int = 40) -> list[str]:
    names = (
        Tag.objects.filter(
            organisation_id=person.organisation_id,
            items__in=published_for(person).values("pk"),
        )
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")
    )
    return list(names[:limit])


def curation_queue(person: Person) -> QuerySet[LibraryItem]:
    """Drafts and archived items a curator looks after (never others' stories)."""
    if not is_curator(person):
        return LibraryItem.objects.none()
    return (
        LibraryItem.objects.filter(organisation_id=person.organisation_id)
        .exclude(status=Status.PUBLISHED)
        .exclude(kind=Kind.STORY)
        .select_related("author")
        .order_by("-updated_at", "-pk")
    )


def own_drafts(person: Person) -> QuerySet[LibraryItem]:
    return (
        LibraryItem.objects.filter(author=person)
        .exclude(status=Status.PUBLISHED)
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class ItemPage:
    item: LibraryItem
    can_edit: bool
    tags: list[str]


def item_page(person: Person, item: LibraryItem) -> ItemPage:
    return ItemPage(
        item=item,
        can_edit=editable_item(person, item.pk) is not None,
        tags=[tag.name for tag in item.tags.all()],
    )


def with_tags(items: QuerySet[LibraryItem]) -> QuerySet[LibraryItem]:
    return items.prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
