"""Story pages: drafting, asking for publication, answering for a story, the signed link."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.languages.selection import chosen_language
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person
from circles.orgs.selectors import programmes_visible_to

from ..forms import ConsentForm, ProgrammeChoiceForm, StoryForm, split_tags
from ..models import Kind, LibraryItem, StoryConsent
from ..selectors import item_for
from ..text import render_markdown
from . import selectors, services
from .tokens import read_story_link_token


def _form_page(
    request: HttpRequest,
    form: StoryForm,
    item: LibraryItem | None,
    status: int = 200,
    started_from: str = "",
) -> HttpResponse:
    person = current_person(request)
    return render(
        request,
        "library/story_form.html",
        {
            "form": form,
            "item": item,
            "sources": selectors.story_sources(person) if not item else [],
            "started_from": started_from,
        },
        status=status,
    )


def _save(request: HttpRequest, form: StoryForm, item: LibraryItem | None) -> HttpResponse:
    person = current_person(request)
    if not form.is_valid():
        return _form_page(request, form, item, status=400)
    data = form.cleaned_data
    try:
        named = services.people_named(person, form.named_emails())
        fields = {
            "author": person,
            "title": data["title"],
            "body": data["body"],
            "named": named,
            "anonymised": data["anonymised"],
            "tags": split_tags(data["tags"]),
        }
        if item is None:
            started = request.POST.get("started_from", "")
            item = services.story_create(
                **fields, started_from=started if started in {"commitment", "transfer"} else ""
            )
        else:
            item = services.story_update(item=item, **fields)
    except DomainError as error:
        add_domain_error(form, error)
        return _form_page(request, form, item, status=400)
    messages.success(request, _("Story saved. Nobody else reads it until you ask to publish it."))
    return redirect("library_item", item.pk)


@require_http_methods(["GET", "POST"])
@person_required
def story_new(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if request.method == "POST":
        return _save(request, StoryForm(request.POST), None)
    source = selectors.source_text(person, request.GET.get("from", "")[:40])
    if source is None:
        return _form_page(request, StoryForm(), None)
    return _form_page(request, StoryForm(initial={"body": source[1]}), None, started_from=source[0])


def _own(request: HttpRequest, item_id: int) -> LibraryItem:
    item = selectors.own_story(current_person(request), item_id)
    if item is None:
        raise Http404("No such story.")
    return item


@require_http_methods(["GET", "POST"])
@person_required
def story_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own(request, item_id)
    if request.method == "POST":
        return _save(request, StoryForm(request.POST), item)
    story = selectors.story_of(item)
    form = StoryForm(
        initial={
            "title": item.title,
            "body": item.body,
            "anonymised": story.anonymised if story else False,
            "named": "\n".join(c.person.email for c in story.consents.all()) if story else "",
            "tags": ", ".join(item.tags.values_list("name", flat=True)),
        }
    )
    return _form_page(request, form, item)


@require_POST
@person_required
def story_submit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own(request, item_id)
    try:
        item = services.story_submit(item=item, author=current_person(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("library_item", item.pk)
    if item.status == "published":
        messages.success(request, _("Published."))
    else:
        messages.success(request, _("Sent for consent: it is published once everyone agrees."))
    return redirect("library_item", item.pk)


@require_POST
@person_required
def story_withdraw(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own(request, item_id)
    services.story_withdraw(item=item, author=current_person(request))
    messages.success(request, _("Withdrawn: the story is yours alone again."))
    return redirect("library_item", item.pk)


def _decide(request: HttpRequest, consent: StoryConsent, person: Person) -> str | None:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _("Choose whether you consent.")
    try:
        services.story_consent_decide(
            consent=consent, person=person, give=form.cleaned_data["decision"] == "give"
        )
    except DomainError as error:
        return error.message
    return None


@require_POST
@person_required
def story_consent(request: HttpRequest, item_id: int) -> HttpResponse:
    person = current_person(request)
    consent = StoryConsent.objects.filter(
        story__item_id=item_id, person=person, story__item__organisation_id=person.organisation_id
    ).first()
    if consent is None:
        raise Http404("This story does not name you.")
    problem = _decide(request, consent, person)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("Thank you: your answer is saved."))
    return redirect("library_item", item_id)


@require_http_methods(["GET", "POST"])
def story_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link: for the named person's consent, or the author's own story. It works
    without signing in, for someone who has left the organisation too."""
    try:
        kind, record_id, person_id = read_story_link_token(token)
    except signing.BadSignature:
        return render(request, "library/story_link.html", {"invalid": True}, status=400)
    person = Person.objects.filter(pk=person_id).first()
    consent = None
    if kind == "consent":
        consent = (
            StoryConsent.objects.filter(pk=record_id, person_id=person_id)
            .select_related("story__item")
            .first()
        )
        item = consent.story.item if consent else None
    else:
        item = LibraryItem.objects.filter(
            pk=record_id, author_id=person_id, kind=Kind.STORY
        ).first()
    if person is None or item is None:
        return render(request, "library/story_link.html", {"invalid": True}, status=400)
    # The page the email linked to speaks the email's language, signed in or not.
    language = chosen_language(person)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    problem = None
    if request.method == "POST":
        if consent is not None:
            problem = _decide(request, consent, person)
        else:
            services.story_withdraw(item=item, author=person)
        if problem is None:
            messages.success(request, _("Saved."))
            return redirect("story_link", token)
    if consent is not None:
        consent.refresh_from_db()
    item.refresh_from_db()
    return render(
        request,
        "library/story_link.html",
        {
            "item": item,
            "body": mark_safe(render_markdown(item.body)),  # sanitised by nh3
            "consent": consent,
            "person": person,
            "problem": problem,
            "token": token,
        },
        status=400 if problem else 200,
    )


@require_POST
@person_required
def story_feature(request: HttpRequest, item_id: int) -> HttpResponse:
    person = current_person(request)
    item = item_for(person, item_id)
    choices = list(programmes_visible_to(person).order_by("name").values_list("pk", "name")[:200])
    form = ProgrammeChoiceForm(request.POST, programmes=choices)
    if item is None or item.kind != Kind.STORY or not form.is_valid():
        raise Http404("No such story.")
    programme = programmes_visible_to(person).get(pk=form.cleaned_data["programme"])
    try:
        services.story_feature(
            item=item, programme=programme, by=person, featured=form.cleaned_data["featured"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("library_item", item.pk)
    messages.success(request, _("Saved."))
    return redirect("library_item", item.pk)
