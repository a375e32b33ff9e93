"""The organisation's shared library: items, their tags, the search index, stories and consent.

Nothing here holds a circle's content. A success story is text its author wrote (or copied
from their own commitment) for publication; it never points at a circle, meeting or case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.orgs.models import Organisation, Person, Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Tag(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="library_tag_per_org_ci")
        ]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    TEMPLATE = "template", _("Agenda or protocol template")
    GUIDE = "guide", _("Facilitator guide")
    ARTICLE = "article", _("Article")
    LINK = "link", _("Link")
    EXERCISE = "exercise", _("Exercise")
    STORY = "story", _("Success story")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    FACILITATORS = "facilitators", _("Facilitators")
    LEADS = "leads", _("Leads and admins")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# How an item's page and search results say who it is for, when that is not everyone.
AUDIENCE_NOTES: dict[str, StrOrPromise] = {
    Audience.FACILITATORS: _("for facilitators"),
    Audience.LEADS: _("for leads and admins"),
}


class LibraryItem(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="library_items"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    # Markdown; rendered through circles.library.text (no raw HTML survives).
    body = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="library_items"
    )
    # A template item shows this agenda template; programmes adopt copies of it.
    agenda_template = models.ForeignKey(
        "meetings.AgendaTemplate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_items",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="items")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "published_at"]),
            models.Index(fields=["organisation", "kind", "status"]),
            models.Index(fields=["author", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_template"],
                condition=models.Q(agenda_template__isnull=False),
                name="library_one_item_per_template",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_note(self) -> str:
        """Who the item is for, when not everyone ("for facilitators"); "" for everyone."""
        return str(AUDIENCE_NOTES.get(self.audience, ""))


class SearchDocument(models.Model):
    """What search reads for one published item: its terms (see ``text.terms``) per field.

    Only published items have a row, so drafts, archived items and unpublished stories are not
    in the index at all. The full-text index over ``terms`` is kept by the database itself:
    an FTS5 table with triggers on SQLite, a stored tsvector column with a GIN index on
    PostgreSQL (migration 0002).
    """

    item = models.OneToOneField(
        LibraryItem, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    published_at = models.DateTimeField()
    title_terms = models.TextField(blank=True)
    tag_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "published_at"]),
            models.Index(fields=["organisation", "kind", "published_at"]),
        ]

    def __str__(self) -> str:
        return f"Search document of item {self.item_id}"


class Story(models.Model):
    """A success story: an item of kind story, with everyone it names asked for consent."""

    item = models.OneToOneField(
        LibraryItem, on_delete=models.CASCADE, primary_key=True, related_name="story"
    )
    # Anonymised: shown without the author's name, department or circle.
    anonymised = models.BooleanField(default=False)
    # Where the first words came from, copied (never a link): "", "commitment" or "transfer".
    started_from = models.CharField(max_length=12, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)
    featured_in = models.ManyToManyField(
        Programme, blank=True, related_name="featured_stories", through="FeaturedStory"
    )

    def __str__(self) -> str:
        return f"Story {self.item_id}"


class FeaturedStory(models.Model):
    """A lead shows a published story on their programme's page."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    featured_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    featured_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "programme"], name="story_featured_once")
        ]

    def __str__(self) -> str:
        return f"Story {self.story_id} on programme {self.programme_id}"


class StoryConsent(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        GIVEN = "given", _("Consented")
        WITHDRAWN = "withdrawn", pgettext_lazy("consent state", "Withdrawn")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="story_consents")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    asked_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["story", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["story", "person"], name="story_consent_once")
        ]
        indexes = [models.Index(fields=["person", "state"])]

    def __str__(self) -> str:
        return f"Consent of {self.person_id} for story {self.story_id}"


class TemplateAdoption(models.Model):
    """A programme's local copy of a library template, linked to its origin."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="adoptions")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    copy = models.OneToOneField(
        "meetings.AgendaTemplate", on_delete=models.CASCADE, related_name="adoption"
    )
    # The origin's last change when it was adopted: a later change is shown to the programme.
    origin_updated_at = models.DateTimeField()
    adopted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-adopted_at"]
        indexes = [models.Index(fields=["programme", "item"])]

    def __str__(self) -> str:
        return f"Adoption of {self.item_id} by {self.programme_id}"
