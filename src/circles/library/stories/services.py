"""Success stories: drafted by a member, consented by everyone they name, then published.

A story is published only while every person it names has consented; the moment one of them
withdraws, it is unpublished and its search document removed, in the same transaction. The
author's own text is theirs: starting from a commitment or a learning-transfer answer copies
its words, and the story keeps no link to the circle, meeting or commitment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from circles.groups.selectors import circles_of_member
from circles.languages import formats
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to

from ..models import Audience, FeaturedStory, Kind, LibraryItem, Status, Story, StoryConsent
from ..services import MAX_BODY, _set_tags, _tag_names, index_item

MAX_NAMED = 12
# Shown instead of the author of an anonymised story.
ANONYMOUS = gettext_lazy("A colleague")


def anonymise(text: str, replacements: dict[str, str]) -> str:
    """The text with each given phrase (a name, a department, a circle) replaced, whole words
    only and regardless of case; longer phrases first so a full name goes before a first name."""
    for phrase in sorted((p for p in replacements if p.strip()), key=len, reverse=True):
        text = re.sub(
            rf"(?<!\w){re.escape(phrase)}(?!\w)", replacements[phrase], text, flags=re.IGNORECASE
        )
    return text


def _replacements(author: Person) -> dict[str, str]:
    # Translators: stands for the author's name in an anonymised story (kept in its text).
    name_mark = _("[name]")
    found = {author.full_name: name_mark, author.first_name: name_mark}
    if author.department:
        # Translators: stands for the author's department in an anonymised story.
        found[author.department] = _("[department]")
    for name in circles_of_member(author).values_list("name", flat=True):
        # Translators: stands for the author's circle in an anonymised story.
        found[name] = _("[circle]")
    return found


def people_named(author: Person, emails: Iterable[str]) -> list[Person]:
    """Colleagues by work email (any capitalisation), in the author's organisation."""
    wanted = [e.strip().lower() for e in emails if e.strip()]
    if len(set(wanted)) > MAX_NAMED:
        raise DomainError(
            ngettext("Name at most %(n)s colleague.", "Name at most %(n)s colleagues.", MAX_NAMED)
            % {"n": MAX_NAMED},
            field="named",
        )
    people = {
        p.email.lower(): p
        for p in Person.objects.annotate(low=Lower("email")).filter(
            organisation_id=author.organisation_id, is_active=True, low__in=set(wanted)
        )
    }
    unknown = [e for e in wanted if e not in people]
    if unknown:
        raise DomainError(
            _("Nobody in the directory has the address %(email)s.") % {"email": unknown[0]},
            field="named",
        )
    return [people[e] for e in dict.fromkeys(wanted) if people[e].pk != author.pk]


def _check_text(title: str, body: str) -> None:
    if not title.strip():
        raise DomainError(_("Give the story a title."), field="title")
    if not body.strip():
        raise DomainError(_("Write the story first."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(
            _("Keep the story under %(n)s characters.")
            % {"n": formats.format_local_number(MAX_BODY)},
            field="body",
        )


def _texts(author: Person, title: str, body: str, anonymised: bool) -> tuple[str, str]:
    if not anonymised:
        return title.strip(), body
    replacements = _replacements(author)
    return anonymise(title.strip(), replacements), anonymise(body, replacements)


def _set_named(story: Story, named: Sequence[Person]) -> None:
    """Ask everyone named; anyone no longer named is no longer asked. Whoever stays keeps
    their answer only if the text did not change (the caller resets it otherwise)."""
    keep = {p.pk for p in named}
    story.consents.exclude(person_id__in=keep).delete()
    have = set(story.consents.values_list("person_id", flat=True))
    StoryConsent.objects.bulk_create(
        StoryConsent(story=story, person=p) for p in named if p.pk not in have
    )


@transaction.atomic
def story_create(
    *,
    author: Person,
    title: str,
    body: str,
    named: Sequence[Person] = (),
    anonymised: bool = False,
    started_from: str = "",
    tags: Sequence[str] = (),
) -> LibraryItem:
    _check_text(title, body)
    if started_from not in {"", "commitment", "transfer"}:
        raise DomainError(_("Unknown starting point."))
    names = _tag_names(tags)
    title, body = _texts(author, title, body, anonymised)
    item = LibraryItem.objects.create(
        organisation_id=author.organisation_id,
        kind=Kind.STORY,
        title=title,
        body=body,
        author=author,
        audience=Audience.EVERYONE,
        status=Status.DRAFT,
    )
    story = Story.objects.create(item=item, anonymised=anonymised, started_from=started_from)
    _set_named(story, [p for p in named if p.organisation_id == author.organisation_id])
    _set_tags(item, names)
    return item


def _own_story(item: LibraryItem, author: Person) -> Story:
    story = Story.objects.select_for_update().filter(item_id=item.pk).first()
    if story is None or item.author_id != author.pk:
        raise DomainError(_("Only its author can change a story."))
    return story


@transaction.atomic
def story_update(
    *,
    item: LibraryItem,
    author: Person,
    title: str,
    body: str,
    named: Sequence[Person] = (),
    anonymised: bool = False,
    tags: Sequence[str] = (),
) -> LibraryItem:
    """Change a story. New words need everyone's consent again, so a published story goes back
    to waiting for it."""
    story = _own_story(item, author)
    _check_text(title, body)
    names = _tag_names(tags)
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    title, body = _texts(author, title, body, anonymised)
    changed = (title, body, anonymised) != (item.title, item.body, story.anonymised)
    item.title, item.body = title, body
    story.anonymised = anonymised
    story.save(update_fields=["anonymised"])
    _set_named(story, named)
    if changed:
        story.consents.update(state=StoryConsent.State.PENDING, decided_at=None)
    if item.status == Status.PUBLISHED and changed:
        item.status = Status.DRAFT
        story.unpublished_at = timezone.now()
        story.save(update_fields=["unpublished_at"])
    item.save()
    _set_tags(item, names)
    _settle(story, item)
    return item


@transaction.atomic
def story_submit(*, item: LibraryItem, author: Person) -> LibraryItem:
    """Ask for publication: at once if nobody is named, otherwise when all have consented."""
    story = _own_story(item, author)
    if item.status == Status.ARCHIVED:
        raise DomainError(_("An archived story cannot be published again."))
    story.submitted_at = timezone.now()
    story.save(update_fields=["submitted_at"])
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    _settle(story, item)
    return item


@transaction.atomic
def story_withdraw(*, item: LibraryItem, author: Person) -> LibraryItem:
    """The author takes their story down (it stays with them as a draft)."""
    story = _own_story(item, author)
    story.submitted_at = None
    story.save(update_fields=["submitted_at"])
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    _settle(story, item)
    return item


@transaction.atomic
def story_consent_decide(*, consent: StoryConsent, person: Person, give: bool) -> StoryConsent:
    """A named person's answer. Someone who has left may still withdraw, not consent."""
    consent = StoryConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.person_id != person.pk:
        raise DomainError(_("Only the person named can answer for themselves."))
    if give and not person.is_active:
        raise DomainError(_("Someone who has left the organisation can only withdraw."))
    consent.state = StoryConsent.State.GIVEN if give else StoryConsent.State.WITHDRAWN
    consent.decided_at = timezone.now()
    consent.save(update_fields=["state", "decided_at"])
    story = Story.objects.select_for_update().get(pk=consent.story_id)
    _settle(story, LibraryItem.objects.select_for_update().get(pk=story.item_id))
    return consent


def _settle(story: Story, item: LibraryItem) -> None:
    """Publish a submitted story everyone consented to; unpublish any other at once."""
    if item.status == Status.ARCHIVED:
        index_item(item)
        return
    consented = not story.consents.exclude(state=StoryConsent.State.GIVEN).exists()
    wanted = Status.PUBLISHED if story.submitted_at and consented else Status.DRAFT
    if wanted != item.status:
        item.status = wanted
        if wanted == Status.PUBLISHED:
            item.published_at = timezone.now()
        else:
            story.unpublished_at = timezone.now()
            story.save(update_fields=["unpublished_at"])
        item.save(update_fields=["status", "published_at", "updated_at"])
    index_item(item)


@transaction.atomic
def story_feature(
    *, item: LibraryItem, programme: Programme, by: Person, featured: bool = True
) -> Story:
    """A lead shows a published story on their programme's page (or stops showing it)."""
    if not programmes_visible_to(by).filter(pk=programme.pk).exists():
        raise DomainError(_("Only the programme's leads choose its stories."))
    story = Story.objects.filter(item_id=item.pk, item__organisation_id=by.organisation_id).first()
    if story is None:
        raise DomainError(_("No such story."))
    if featured:
        if item.status != Status.PUBLISHED:
            raise DomainError(_("Only a published story can be featured."))
        FeaturedStory.objects.get_or_create(
            story=story, programme=programme, defaults={"featured_by": by}
        )
    else:
        FeaturedStory.objects.filter(story=story, programme=programme).delete()
    return story
