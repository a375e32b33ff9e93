"""Enrolment pages: the lead's (settings, invitations, who answered) and the member's own."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.audit.models import Action
from circles.audit.services import audit_record_many
from circles.languages import formats
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.invitations.emails import absolute
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to

from . import selectors, services
from .forms import (
    DirectorySearchForm,
    InviteEmailsForm,
    PickForm,
    ProfileForm,
    SettingsForm,
)
from .models import Enrolment, EnrolmentSettings
from .times import slot_label


def _managed(request: HttpRequest, programme_id: int) -> tuple[Person, Programme]:
    person = current_person(request)
    programme = programmes_visible_to(person).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return person, programme


def _directory(programme: Programme) -> dict[str, list[str]]:
    return {
        "departments": selectors.directory_values(programme, "department"),
        "locations": selectors.directory_values(programme, "location"),
    }


# The lead's pages ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@person_required
def enrolment_manage(request: HttpRequest, programme_id: int) -> HttpResponse:
    person, programme = _managed(request, programme_id)
    found = selectors.settings_of(programme)
    initial = (
        {
            "audience": found.audience,
            "departments": found.departments,
            "locations": found.locations,
            "capacity": found.capacity,
            "opens_on": found.opens_on,
            "closes_on": found.closes_on,
        }
        if found
        else {"audience": EnrolmentSettings.Audience.INVITED}
    )
    form = SettingsForm(request.POST or None, initial=initial, **_directory(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_configure(programme=programme, by=person, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Enrolment settings saved."))
            return redirect("enrolment_manage", programme_id=programme.pk)
    status_filter = request.GET.get("status", "")
    if status_filter not in Enrolment.Status.values:
        status_filter = ""
    page = Paginator(selectors.enrolment_list(programme, status_filter or None), 50).get_page(
        request.GET.get("page")
    )
    for enrolment in page:
        enrolment.time_labels = [slot_label(c) for c in enrolment.meeting_times]  # type: ignore[attr-defined]
    # The profiles people wrote to enrol are their personal data: each read is logged.
    audit_record_many(
        organisation_id=programme.organisation_id,
        action=Action.ENROLMENT_PROFILES_VIEWED,
        targets=[enrolment.person for enrolment in page],
        object_type="programme",
        object_id=programme.pk,
        summary=f"Read their enrolment profile for {programme.name}",
    )
    counts = selectors.status_counts(programme)
    context = {
        "programme": programme,
        "settings": found,
        "form": form,
        "page": page,
        "counts": counts,
        "statuses": Enrolment.Status.choices,
        "status_filter": status_filter,
        "published": selectors.circles_published(found),
        "link": absolute(reverse("enrolment_link", args=[found.link_token]))
        if found and found.audience == EnrolmentSettings.Audience.EVERYONE
        else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolment/manage.html", context, status=status)


def _lead_action(request: HttpRequest, programme_id: int, action: str) -> HttpResponse:
    person, programme = _managed(request, programme_id)
    done = {
        "open": (services.enrolment_open, _("Enrolment is open.")),
        "close": (services.enrolment_close, _("Enrolment is closed: nobody new can enrol.")),
        "link": (services.enrolment_link_renew, _("A new link: the old one no longer works.")),
    }
    service, message = done[action]
    try:
        service(programme=programme, by=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("enrolment_manage", programme_id=programme.pk)


@require_POST
@person_required
def enrolment_open(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _lead_action(request, programme_id, "open")


@require_POST
@person_required
def enrolment_close(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _lead_action(request, programme_id, "close")


@require_POST
@person_required
def enrolment_link_renew(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _lead_action(request, programme_id, "link")


def _report(request: HttpRequest, result: services.InviteResult) -> None:
    invited = len(result.invited)
    # Translators: the first part of "4 invited; 1 of them first get an email to choose a …".
    clauses = [ngettext("%(n)s invited", "%(n)s invited", invited) % {"n": invited}]
    if result.asked_to_sign_in:
        asked = len(result.asked_to_sign_in)
        clauses.append(
            ngettext(
                "%(n)s of them first get an email to choose a password",
                "%(n)s of them first get an email to choose a password",
                asked,
            )
            % {"n": asked}
        )
    if result.already:
        already = len(result.already)
        clauses.append(
            ngettext(
                "%(n)s already invited or answered", "%(n)s already invited or answered", already
            )
            % {"n": already}
        )
    # Translators: joins the parts of one report, "4 invited; 2 already invited or answered".
    separator = pgettext("between clauses of one sentence", "; ")
    # Translators: ends the report of who was invited; %(report)s is its parts.
    messages.success(request, _("%(report)s.") % {"report": separator.join(clauses)})
    for skipped, reason in result.skipped[:10]:
        # Translators: someone who was not invited, and why: "Ann Lee: has left the organisation".
        warning = _("%(name)s: %(reason)s") % {"name": skipped.full_name, "reason": reason}
        messages.warning(request, warning)


@require_http_methods(["GET", "POST"])
@person_required
def enrolment_invite(request: HttpRequest, programme_id: int) -> HttpResponse:
    person, programme = _managed(request, programme_id)
    directory = _directory(programme)
    search = DirectorySearchForm(request.GET or None, **directory)
    data = search.cleaned_data if search.is_valid() else {}
    department, location = data.get("department", ""), data.get("location", "")
    query = data.get("q", "")
    found = selectors.directory_search(
        programme, department=department, location=location, query=query
    )
    uninvited = selectors.directory_search(
        programme, department=department, location=location, query=query, uninvited_only=True
    )
    emails_form = InviteEmailsForm(request.POST if "emails" in request.POST else None)
    if request.method == "POST":
        people: list[Person] | None = None
        try:
            if "emails" in request.POST:
                if emails_form.is_valid():
                    people = selectors.people_by_emails(
                        programme, emails_form.cleaned_data["emails"]
                    )
            elif request.POST.get("action") == "all":
                people = list(uninvited.select_related("user"))
            else:
                picked = PickForm(request.POST)
                if not picked.is_valid():
                    raise DomainError(
                        _("Tick at most %(most)s people with the checkboxes.")
                        % {"most": formats.format_local_number(1000)}
                    )
                ids = picked.cleaned_data["selected"]
                if not ids:
                    raise DomainError(_("Tick the people to invite."))
                people = list(found.filter(pk__in=ids).select_related("user"))
            if people is not None:
                result = services.enrolment_invite(
                    programme=programme, people=people, invited_by=person
                )
                _report(request, result)
                return redirect(request.get_full_path())
        except DomainError as error:
            if "emails" in request.POST:
                add_domain_error(emails_form, error)
            else:
                messages.error(request, error.message)
    page = Paginator(found, selectors.DIRECTORY_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "enrolment/invite.html",
        {
            "programme": programme,
            "search": search,
            "emails_form": emails_form,
            "page": page,
            "query": kept.urlencode(),
            "uninvited": uninvited.count(),
            "settings": selectors.settings_of(programme),
        },
        status=status,
    )


# The member's pages ----------------------------------------------------------------------------


def _visible(
    request: HttpRequest, programme_id: int
) -> tuple[Person, Programme, EnrolmentSettings, Enrolment | None]:
    person = current_person(request)
    programme = Programme.objects.filter(
        pk=programme_id, organisation_id=person.organisation_id
    ).first()
    found = selectors.settings_of(programme) if programme is not None else None
    enrolment = selectors.enrolment_of(programme, person) if programme is not None else None
    if programme is None or found is None or not selectors.may_see(found, person, enrolment):
        raise Http404("No such programme.")
    return person, programme, found, enrolment


def _profile_initial(person: Person, enrolment: Enrolment | None) -> dict[str, object]:
    if enrolment is not None and enrolment.is_in:
        avoid = selectors.own_avoid_list(enrolment, person)
        return {
            "development_interests": ", ".join(enrolment.development_interests),
            "languages": ", ".join(enrolment.languages),
            "meeting_times": enrolment.meeting_times,
            "avoid": "\n".join(f"{p.full_name} <{p.email}>" for p in avoid),
        }
    return {
        "development_interests": ", ".join(person.development_interests or []),
        "languages": ", ".join(person.languages or []),
    }


@require_http_methods(["GET", "POST"])
@person_required
def enrolment_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    person, programme, found, enrolment = _visible(request, programme_id)
    published = selectors.circles_published(found)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=_profile_initial(person, enrolment),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            avoid = selectors.colleagues_named(person, form.avoid_lines())
            was_in = enrolment is not None and enrolment.is_in
            enrolment = services.enrol(
                programme=programme,
                person=person,
                development_interests=data["development_interests"],
                languages=data["languages"],
                meeting_times=data["meeting_times"],
                avoid=avoid,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if was_in:
                messages.success(request, _("Your profile is saved."))
            elif enrolment.status == Enrolment.Status.WAITLISTED:
                messages.success(request, _("The programme is full: you are on the waiting list."))
            else:
                messages.success(
                    request,
                    _("You are enrolled in %(programme)s.") % {"programme": programme.name},
                )
            return redirect("enrolment_page", programme_id=programme.pk)
    is_in = enrolment is not None and enrolment.is_in
    context = {
        "person": person,
        "programme": programme,
        "settings": found,
        "enrolment": enrolment,
        "form": form,
        "asks": selectors.programme_asks(programme),
        "published": published,
        "can_enrol": not published and (is_in or selectors.may_enrol(found, person, enrolment)),
        "can_decline": not is_in
        and (enrolment is None or enrolment.status == Enrolment.Status.INVITED)
        and not published,
        "position": selectors.waiting_position(enrolment)
        if enrolment is not None and enrolment.status == Enrolment.Status.WAITLISTED
        else None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "enrolment/page.html", context, status=status)


@require_POST
@person_required
def enrolment_withdraw(request: HttpRequest, programme_id: int) -> HttpResponse:
    person, programme, _found, _enrolment = _visible(request, programme_id)
    try:
        services.enrolment_withdraw(programme=programme, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("You have withdrawn. You can enrol again while enrolment is open.")
        )
    return redirect("enrolment_page", programme_id=programme.pk)


@require_POST
@person_required
def enrolment_decline(request: HttpRequest, programme_id: int) -> HttpResponse:
    person, programme, _found, _enrolment = _visible(request, programme_id)
    try:
        services.enrolment_decline(programme=programme, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for answering. No more reminders about it."))
    return redirect("home")


@require_GET
@person_required
def enrolment_link(request: HttpRequest, token: str) -> HttpResponse:
    """The shareable link: anyone in the organisation lands on the enrolment page."""
    person = current_person(request)
    found = EnrolmentSettings.objects.filter(
        link_token=token,
        organisation_id=person.organisation_id,
        audience=EnrolmentSettings.Audience.EVERYONE,
    ).first()
    if found is None:
        raise Http404("This link does not work (any more).")
    return redirect("enrolment_page", programme_id=found.programme_id)
