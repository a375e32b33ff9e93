"""Library writes: items, their tags and status, the search index, templates and adoptions.

Every write that changes what an item says or who may read it calls ``index_item``, which
keeps a search document for a published item and removes it for anything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.languages import formats
from circles.lib.errors import DomainError
from circles.meetings.models import AgendaTemplate
from circles.orgs.models import Organisation, Person, Programme
from circles.orgs.selectors import programmes_visible_to

from .models import Audience, Kind, LibraryItem, SearchDocument, Status, Tag, TemplateAdoption
from .search import document_fields
from .selectors import is_curator

MAX_TAGS = 8
MAX_BODY = 20_000


def _tag_names(raw: Sequence[str]) -> list[str]:
    names: list[str] = []
    for name in raw:
        cleaned = " ".join(name.split())[:40]
        if cleaned and cleaned.lower() not in {n.lower() for n in names}:
            names.append(cleaned)
    if len(names) > MAX_TAGS:
        raise DomainError(
            ngettext("Give at most %(n)s tag.", "Give at most %(n)s tags.", MAX_TAGS)
            % {"n": MAX_TAGS},
            field="tags",
        )
    return names


def _set_tags(item: LibraryItem, names: Sequence[str]) -> None:
    tags = []
    for name in names:
        tag = Tag.objects.filter(organisation_id=item.organisation_id, name__iexact=name).first()
        tags.append(tag or Tag.objects.create(organisation_id=item.organisation_id, name=name))
    item.tags.set(tags)


def index_item(item: LibraryItem) -> None:
    """Keep the item's search document in step with it: present only while it is published."""
    if item.status != Status.PUBLISHED:
        SearchDocument.objects.filter(item_id=item.pk).delete()
        return
    names = list(item.tags.values_list("name", flat=True))
    SearchDocument.objects.update_or_create(
        item=item,
        defaults={
            "organisation_id": item.organisation_id,
            "kind": item.kind,
            "audience": item.audience,
            "published_at": item.published_at or timezone.now(),
            **document_fields(item, names),
        },
    )


def _check(kind: str, audience: str, title: str, body: str, url: str) -> None:
    if kind not in Kind.values:
        raise DomainError(_("Choose a kind of item."), field="kind")
    if audience not in Audience.values:
        raise DomainError(_("Choose who the item is for."), field="audience")
    if not title.strip():
        raise DomainError(_("Give the item a title."), field="title")
    if len(body) > MAX_BODY:
        raise DomainError(
            _("Keep the text under %(n)s characters.")
            % {"n": formats.format_local_number(MAX_BODY)},
            field="body",
        )
    if kind == Kind.LINK and not url:
        raise DomainError(_("A link needs its address."), field="url")


def _may_curate(person: Person, organisation_id: int) -> None:
    if not is_curator(person) or person.organisation_id != organisation_id:
        raise DomainError(_("Only programme leads and admins look after the library."))


@transaction.atomic
def library_item_create(
    *,
    author: Person,
    kind: str,
    title: str,
    body: str = "",
    summary: str = "",
    url: str = "",
    audience: str = Audience.EVERYONE,
    tags: Sequence[str] = (),
    publish: bool = False,
) -> LibraryItem:
    """A new guide, article, link or exercise, written by a curator (stories have their own
    service, templates come from the agenda templates)."""
    _may_curate(author, author.organisation_id)
    if kind in {Kind.STORY, Kind.TEMPLATE}:
        raise DomainError(_("Stories and templates are added from their own pages."), field="kind")
    _check(kind, audience, title, body, url)
    names = _tag_names(tags)
    now = timezone.now()
    item = LibraryItem.objects.create(
        organisation_id=author.organisation_id,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        body=body,
        url=url,
        audience=audience,
        author=author,
        status=Status.PUBLISHED if publish else Status.DRAFT,
        published_at=now if publish else None,
    )
    _set_tags(item, names)
    index_item(item)
    return item


@transaction.atomic
def library_item_update(
    *,
    item: LibraryItem,
    editor: Person,
    title: str,
    body: str,
    summary: str = "",
    url: str = "",
    audience: str | None = None,
    tags: Sequence[str] = (),
) -> LibraryItem:
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if item.kind == Kind.STORY:
        raise DomainError(_("A story is changed from its own page."))
    _may_curate(editor, item.organisation_id)
    audience = audience or item.audience
    _check(item.kind, audience, title, body, url)
    names = _tag_names(tags)
    item.title, item.body, item.summary, item.url = title.strip(), body, summary.strip(), url
    item.audience = audience
    item.save()
    _set_tags(item, names)
    index_item(item)
    return item


@transaction.atomic
def library_item_set_status(*, item: LibraryItem, editor: Person, status: str) -> LibraryItem:
    """Publish, archive or return to draft; a story is published only through its consents."""
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if status not in Status.values:
        raise DomainError(_("Unknown status."), field="status")
    if item.kind == Kind.STORY:
        if status == Status.PUBLISHED:
            raise DomainError(_("A story is published once everyone it names has consented."))
        if item.author_id != editor.pk and not is_curator(editor):
            raise DomainError(_("Only its author or a curator can take a story down."))
        if editor.organisation_id != item.organisation_id:
            raise DomainError(_("Only its author or a curator can take a story down."))
    else:
        _may_curate(editor, item.organisation_id)
    if status == Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    item.status = status
    item.save(update_fields=["status", "published_at", "updated_at"])
    index_item(item)
    return item


# --- templates --------------------------------------------------------------------------


def template_markdown(template: AgendaTemplate) -> str:
    """The item's text, in the language of whoever shares the template (it is stored)."""
    minutes = ngettext("%(minutes)s minute.", "%(minutes)s minutes.", template.meeting_minutes) % {
        "minutes": template.meeting_minutes
    }
    lines = [template.description, "", minutes, ""]
    for step in template.steps.order_by("position"):
        length = _("%(minutes)s min") % {"minutes": step.minutes}
        lines.append(f"{step.position}. **{step.title}** ({length}): {step.prompt}")
    return "\n".join(lines).strip()


@transaction.atomic
def library_templates_sync(*, organisation: Organisation) -> int:
    """Every organisation-wide agenda template appears in the library, for leads; returns how
    many items were added. Safe to run again."""
    have = set(
        LibraryItem.objects.filter(
            organisation=organisation, agenda_template__isnull=False
        ).values_list("agenda_template_id", flat=True)
    )
    added = 0
    now = timezone.now()
    for template in AgendaTemplate.objects.filter(
        organisation=organisation, programme__isnull=True
    ).exclude(pk__in=have):
        item = LibraryItem.objects.create(
            organisation=organisation,
            kind=Kind.TEMPLATE,
            title=template.name,
            summary=template.description[:300],
            body=template_markdown(template),
            audience=Audience.LEADS,
            status=Status.PUBLISHED,
            published_at=now,
            agenda_template=template,
        )
        index_item(item)
        added += 1
    return added


@transaction.atomic
def library_template_share(*, template: AgendaTemplate, editor: Person) -> LibraryItem:
    """Put a programme's template in the library, or refresh its text there."""
    if (
        template.programme_id is None
        or not programmes_visible_to(editor).filter(pk=template.programme_id).exists()
    ):
        raise DomainError(_("Only the programme's leads share its templates."))
    item = LibraryItem.objects.filter(agenda_template=template).first()
    if item is None:
        item = LibraryItem(
            organisation_id=template.organisation_id,
            kind=Kind.TEMPLATE,
            agenda_template=template,
            author=editor,
            audience=Audience.LEADS,
            status=Status.PUBLISHED,
            published_at=timezone.now(),
        )
    item.title = template.name
    item.summary = template.description[:300]
    item.body = template_markdown(template)
    item.save()
    index_item(item)
    return item


@transaction.atomic
def library_template_adopt(
    *, item: LibraryItem, programme: Programme, adopted_by: Person
) -> TemplateAdoption:
    """A programme's own copy of a library template, linked to its origin."""
    from circles.meetings.agenda.services import agenda_template_copy

    origin = item.agenda_template
    if item.kind != Kind.TEMPLATE or origin is None:
        raise DomainError(_("Only templates can be adopted."))
    if not programmes_visible_to(adopted_by).filter(pk=programme.pk).exists():
        raise DomainError(_("You can adopt templates only into programmes you lead."))
    if programme.organisation_id != item.organisation_id:
        raise DomainError(_("That template belongs to another organisation."))
    if origin.programme_id not in (None, programme.pk):
        # Another programme's template: copy it as if it were a built-in, keeping the link.
        copy = _copy_across(origin, programme)
    else:
        copy = agenda_template_copy(source=origin, programme=programme)
    return TemplateAdoption.objects.create(
        item=item,
        programme=programme,
        copy=copy,
        origin_updated_at=origin.updated_at,
        adopted_by=adopted_by,
    )


def _copy_across(origin: AgendaTemplate, programme: Programme) -> AgendaTemplate:
    from circles.meetings.agenda.services import agenda_template_copy

    # The copy service refuses other programmes' templates on purpose; a library template is
    # shared for adoption, so its steps are copied through an organisation-wide stand-in.
    stand_in = AgendaTemplate(
        pk=origin.pk,
        organisation_id=origin.organisation_id,
        programme=None,
        name=origin.name,
        description=origin.description,
        meeting_minutes=origin.meeting_minutes,
        planned_people=origin.planned_people,
        planned_clients=origin.planned_clients,
        min_people=origin.min_people,
        max_people=origin.max_people,
    )
    return agenda_template_copy(source=stand_in, programme=programme)


@transaction.atomic
def library_adoption_acknowledge(*, adoption: TemplateAdoption, by: Person) -> TemplateAdoption:
    """The programme has seen the origin's change: stop showing it as new."""
    if not programmes_visible_to(by).filter(pk=adoption.programme_id).exists():
        raise DomainError(_("Only the programme's leads can do that."))
    origin = adoption.item.agenda_template
    if origin is not None:
        adoption.origin_updated_at = origin.updated_at
        adoption.save(update_fields=["origin_updated_at"])
    return adoption
