"""Library pages: search and browse, one item, writing items, adopting templates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person
from circles.orgs.selectors import programmes_visible_to

from . import selectors, services
from .forms import ItemForm, ProgrammeChoiceForm, SearchForm, StatusForm, split_tags
from .models import Kind, LibraryItem, StoryConsent, TemplateAdoption
from .stories import selectors as story_selectors
from .stories.tokens import story_link_token
from .text import render_markdown

PER_PAGE = 20


@require_GET
@person_required
def library_index(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    results = selectors.library_search(
        viewer=person,
        query=data.get("q") or "",
        kinds=[data["kind"]] if data.get("kind") else [],
        tags=[data["tag"]] if data.get("tag") else [],
        page=data.get("page") or 1,
        per_page=PER_PAGE,
    )
    return render(
        request,
        "library/index.html",
        {
            "form": form,
            "results": results,
            "query": data.get("q") or "",
            "tags": selectors.tags_in_use(person),
            "kinds": Kind.choices,
            "is_curator": selectors.is_curator(person),
            "consents": story_selectors.consents_asked_of(person).filter(
                state=StoryConsent.State.PENDING
            )[:20],
            "my_stories": story_selectors.own_stories(person)[:20],
            "featured": story_selectors.featured_for_member(person)[:5],
            "queue": selectors.curation_queue(person)[:20],
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )


def _visible(person: Person, item_id: int) -> LibraryItem:
    item = selectors.item_for(person, item_id)
    if item is None:
        raise Http404("No such item.")
    return item


def _programme_choices(person: Person) -> list[tuple[int, str]]:
    return list(programmes_visible_to(person).order_by("name").values_list("pk", "name")[:200])


def _item_context(request: HttpRequest, person: Person, item: LibraryItem) -> dict[str, Any]:
    story = story_selectors.story_of(item) if item.kind == Kind.STORY else None
    page = selectors.item_page(person, item)
    programmes = _programme_choices(person)
    consent = None
    if story is not None:
        consent = next((c for c in story.consents.all() if c.person_id == person.pk), None)
    adoptions = (
        TemplateAdoption.objects.filter(
            item=item, programme__in=programmes_visible_to(person)
        ).select_related("programme", "copy")
        if item.kind == Kind.TEMPLATE
        else TemplateAdoption.objects.none()
    )
    origin = item.agenda_template
    return {
        "item": item,
        "page": page,
        "body": mark_safe(render_markdown(item.body)),  # sanitised by nh3 in render_markdown
        "story": story,
        "byline": story_selectors.byline(item, story),
        "is_author": item.author_id == person.pk,
        "consent": consent,
        "is_curator": selectors.is_curator(person),
        "programmes": programmes,
        "adoptions": [
            (a, origin is not None and origin.updated_at > a.origin_updated_at) for a in adoptions
        ],
        "steps": list(origin.steps.order_by("position")) if origin is not None else [],
        "author_link": story_link_token("author", item.pk, person.pk)
        if story is not None and item.author_id == person.pk
        else "",
    }


@require_GET
@person_required
def library_item(request: HttpRequest, item_id: int) -> HttpResponse:
    person = current_person(request)
    item = _visible(person, item_id)
    return render(request, "library/item.html", _item_context(request, person, item))


def _item_form_page(
    request: HttpRequest, form: ItemForm, item: LibraryItem | None, status: int = 200
) -> HttpResponse:
    return render(request, "library/item_form.html", {"form": form, "item": item}, status=status)


def _texts(data: dict[str, Any]) -> dict[str, Any]:
    """What an item form says about the item, as the services take it."""
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": data["body"],
        "url": data["url"],
        "audience": data["audience"],
        "tags": split_tags(data["tags"]),
    }


@require_http_methods(["GET", "POST"])
@person_required
def library_item_new(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not selectors.is_curator(person):
        raise Http404("Only leads and admins add items.")
    form = ItemForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.library_item_create(
                    author=person, kind=data["kind"], publish=data["publish"], **_texts(data)
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Item saved."))
                return redirect("library_item", item.pk)
        return _item_form_page(request, form, None, status=400)
    return _item_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
@person_required
def library_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    person = current_person(request)
    item = selectors.editable_item(person, item_id)
    if item is None or item.kind == Kind.STORY:
        raise Http404("No such item.")
    initial = {
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "url": item.url,
        "audience": item.audience,
        "tags": ", ".join(item.tags.values_list("name", flat=True)),
    }
    form = ItemForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.library_item_update(item=item, editor=person, **_texts(data))
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Item saved."))
                return redirect("library_item", item.pk)
        return _item_form_page(request, form, item, status=400)
    return _item_form_page(request, form, item)


@require_POST
@person_required
def library_item_status(request: HttpRequest, item_id: int) -> HttpResponse:
    person = current_person(request)
    item = _visible(person, item_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("library_item", item.pk)
    try:
        services.library_item_set_status(
            item=item, editor=person, status=form.cleaned_data["status"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(
            request, "library/item.html", _item_context(request, person, item), status=400
        )
    messages.success(request, _("Status changed."))
    return redirect("library_item", item.pk)


@require_POST
@person_required
def library_template_adopt(request: HttpRequest, item_id: int) -> HttpResponse:
    person = current_person(request)
    item = _visible(person, item_id)
    form = ProgrammeChoiceForm(request.POST, programmes=_programme_choices(person))
    if item.kind != Kind.TEMPLATE or not form.is_valid():
        raise Http404("Nothing to adopt.")
    programme = programmes_visible_to(person).get(pk=form.cleaned_data["programme"])
    try:
        adoption = services.library_template_adopt(
            item=item, programme=programme, adopted_by=person
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("library_item", item.pk)
    messages.success(
        request,
        _("Adopted into %(programme)s: adapt your copy there.") % {"programme": programme.name},
    )
    return redirect("agenda_edit", programme.pk, adoption.copy_id)


@require_POST
@person_required
def library_adoption_seen(request: HttpRequest, item_id: int, adoption_id: int) -> HttpResponse:
    person = current_person(request)
    item = _visible(person, item_id)
    adoption = TemplateAdoption.objects.filter(
        pk=adoption_id, item=item, programme__in=programmes_visible_to(person)
    ).first()
    if adoption is None:
        raise Http404("No such adoption.")
    services.library_adoption_acknowledge(adoption=adoption, by=person)
    messages.success(request, _("Marked as seen."))
    return redirect("library_item", item.pk)
