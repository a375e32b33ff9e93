"""The people directory, in the product: for organisation admins (and, to look up and invite,
programme leads). Thin adapters over the people and invitation services; no circle content."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.invitations.services import (
    invitation_send,
    invitations_send,
    sign_in_status,
    sign_in_status_label,
)
from circles.orgs.invitations.views import report_invitations
from circles.orgs.models import Invitation, Person, Programme

from . import services
from .forms import DirectoryFilterForm, InviteForm, LeadForm, NewPersonForm, PersonForm, RoleForm
from .selectors import (
    can_edit_people,
    can_view_directory,
    current_circle_counts,
    directory_choices,
    directory_people,
    memberships_of,
    person_in_directory,
    reports_of,
    sign_in_security,
)

PAGE_SIZE = 50
# The fields a save names ("Saved: department, level."), in lower case.
CHANGED_FIELD_NAMES = {
    "full_name": pgettext_lazy("saved person field", "full name"),
    "email": pgettext_lazy("saved person field", "email"),
    "employee_id": pgettext_lazy("saved person field", "employee id"),
    "external_id": pgettext_lazy("saved person field", "external id"),
    "department": pgettext_lazy("saved person field", "department"),
    "job_family": pgettext_lazy("saved person field", "job family"),
    "level": pgettext_lazy("saved person field", "level"),
    "location": pgettext_lazy("saved person field", "location"),
    "time_zone": pgettext_lazy("saved person field", "time zone"),
    "work_starts_at": pgettext_lazy("saved person field", "work starts at"),
    "work_ends_at": pgettext_lazy("saved person field", "work ends at"),
    "start_date": pgettext_lazy("saved person field", "start date"),
    "manager": pgettext_lazy("saved person field", "manager"),
    "languages": pgettext_lazy("saved person field", "languages"),
    "development_interests": pgettext_lazy("saved person field", "development interests"),
}
# One click invites at most this many; a larger organisation is invited in parts.
INVITE_LIMIT = 5000


def _viewer(request: HttpRequest, *, edit: bool = False) -> Person:
    viewer = current_person(request)
    allowed = can_edit_people(viewer) if edit else can_view_directory(viewer)
    if not allowed:
        raise Http404("No such page.")
    return viewer


def _person(viewer: Person, person_id: int) -> Person:
    person = person_in_directory(viewer, person_id)
    if person is None:
        raise Http404("No such person.")
    return person


def _invitation(person: Person) -> Invitation | None:
    try:
        return person.invitation
    except Invitation.DoesNotExist:
        return None


def _filter_form(request: HttpRequest, viewer: Person) -> DirectoryFilterForm:
    choices = directory_choices(viewer)
    data = request.GET if request.GET else None
    form = DirectoryFilterForm(
        data, departments=choices["department"], locations=choices["location"]
    )
    form.is_valid()
    return form


@require_GET
@person_required
def people_directory(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = _filter_form(request, viewer)
    people = directory_people(viewer, form.filters())
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    counts = current_circle_counts([p.pk for p in rows])
    entries = []
    for p in rows:
        status = sign_in_status(p, _invitation(p))
        entries.append(
            {
                "person": p,
                "circles": counts.get(p.pk, 0),
                "status": status,
                "status_label": sign_in_status_label(status),
            }
        )
    return render(
        request,
        "orgs/people/directory.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "can_edit": can_edit_people(viewer),
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "narrowed": bool(request.GET.dict().keys() - {"page", "q"}),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@person_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request)
    person = _person(viewer, person_id)
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.PERSON_VIEWED,
        target=person,
        summary="Opened their page in the people directory",
    )
    reports = reports_of(person)
    invitation = _invitation(person)
    status = sign_in_status(person, invitation)
    context: dict[str, Any] = {
        "person": person,
        "invitation": invitation,
        "status": status,
        "status_label": sign_in_status_label(status),
        "reports": list(reports[:50]),
        "report_count": reports.count(),
        "memberships": list(memberships_of(person)[:100]),
        "led_programmes": list(person.led_programmes.order_by("name")),
        "can_edit": can_edit_people(viewer),
        "is_self": person.pk == viewer.pk,
    }
    if context["can_edit"]:
        context.update(sign_in_security(person))
        context["role_form"] = RoleForm(initial={"role": person.role})
        context["lead_form"] = LeadForm(organisation_id=viewer.organisation_id)
    return render(request, "orgs/people/person_detail.html", context)


def _person_attributes(form: PersonForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("role", None)
    data.pop("invite", None)
    return data


@require_http_methods(["GET", "POST"])
@person_required
def person_add(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request, edit=True)
    form = NewPersonForm(
        request.POST or None,
        organisation_id=viewer.organisation_id,
        initial={"time_zone": viewer.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                organisation=viewer.organisation,
                role=form.cleaned_data["role"],
                **_person_attributes(form),
            )
            if form.cleaned_data["invite"]:
                invitation_send(person=person, invited_by=viewer)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if form.cleaned_data["invite"]:
                done = _("%(person)s added and invited.")
            else:
                done = _("%(person)s added.")
            messages.success(request, done % {"person": person.full_name})
            return redirect("person_detail", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "orgs/people/person_form.html", {"form": form, "person": None}, status=status
    )


@require_http_methods(["GET", "POST"])
@person_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    form = PersonForm(
        request.POST or None,
        organisation_id=viewer.organisation_id,
        initial=PersonForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.person_update(person=person, **_person_attributes(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if changes:
                fields = ", ".join(
                    str(CHANGED_FIELD_NAMES.get(name, name.replace("_", " "))) for name in changes
                )
                messages.success(request, _("Saved: %(fields)s.") % {"fields": fields})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("person_detail", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "orgs/people/person_form.html", {"form": form, "person": person}, status=status
    )


@require_http_methods(["GET", "POST"])
@person_required
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    """Leaving the organisation, with a page that says what it does before it does it."""
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    if request.method == "POST":
        try:
            services.person_deactivate(person=person)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(person)s has left the organisation: signed out, out of their circles, no "
                    "more reminders."
                )
                % {"person": person.full_name},
            )
        return redirect("person_detail", person_id=person.pk)
    circles = [m for m in memberships_of(person) if m.left_on is None]
    return render(
        request,
        "orgs/people/person_deactivate.html",
        {
            "person": person,
            "circles": circles,
            "circle_names": [m.circle.name for m in circles],
        },
    )


@require_POST
@person_required
def person_reactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    try:
        services.person_reactivate(person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s is active again and can sign in; add them to circles anew.")
            % {"person": person.full_name},
        )
    return redirect("person_detail", person_id=person.pk)


@require_POST
@person_required
def person_role(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("person_detail", person_id=person.pk)
    try:
        updated = services.person_set_role(person=person, role=form.cleaned_data["role"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s is now: %(role)s.")
            % {"person": person.full_name, "role": updated.get_role_display()},
        )
    return redirect("person_detail", person_id=person.pk)


@require_POST
@person_required
def person_lead(request: HttpRequest, person_id: int) -> HttpResponse:
    """Add (or, with ``remove``, take away) a programme this person leads."""
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    form = LeadForm(request.POST, organisation_id=viewer.organisation_id)
    if not form.is_valid():
        messages.error(request, _("Choose one of the organisation's programmes."))
        return redirect("person_detail", person_id=person.pk)
    programme: Programme = form.cleaned_data["programme"]
    try:
        if request.POST.get("remove"):
            services.programme_lead_remove(programme=programme, person=person)
            done = _("%(person)s no longer leads %(programme)s.") % {
                "person": person.full_name,
                "programme": programme.name,
            }
        else:
            services.programme_lead_add(programme=programme, person=person)
            done = _("%(person)s now leads %(programme)s.") % {
                "person": person.full_name,
                "programme": programme.name,
            }
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("person_detail", person_id=person.pk)


@require_POST
@person_required
def people_invite(request: HttpRequest) -> HttpResponse:
    """Invite ticked people, or everyone the directory's current filter shows without a login."""
    viewer = _viewer(request)
    form = InviteForm(request.POST)
    back = request.POST.get("back", "")
    target = back if back.startswith(reverse("people_directory")) else reverse("people_directory")
    if not form.is_valid():
        messages.error(request, _("Those people could not be read: tick them again."))
        return redirect(target)
    if form.cleaned_data["everyone_matching"]:
        filters = replace(_filter_form(request, viewer).filters(), status="active", login="no")
        # Bulk invitations go to those never invited; resending is a deliberate, ticked choice.
        people = list(
            directory_people(viewer, filters).filter(invitation__isnull=True)[:INVITE_LIMIT]
        )
    else:
        ids = form.cleaned_data["people"]
        people = list(
            Person.objects.filter(
                organisation_id=viewer.organisation_id, pk__in=ids
            ).select_related("user")
        )
    if not people:
        messages.warning(request, _("Tick the people to invite first."))
        return redirect(target)
    report_invitations(request, invitations_send(people=people, invited_by=viewer))
    return redirect(target)


@require_POST
@person_required
def person_sign_in_unlock(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    try:
        services.person_sign_in_unlock(person=person, by=viewer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s can try their password again now.") % {"person": person.full_name},
        )
    return redirect("person_detail", person_id=person.pk)


@require_POST
@person_required
def person_two_factor_reset(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request, edit=True)
    person = _person(viewer, person_id)
    try:
        had = services.person_two_factor_reset(person=person, by=viewer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if had:
            messages.success(
                request,
                _(
                    "Two-factor sign-in is off for %(person)s: they sign in with their password "
                    "and can set it up again."
                )
                % {"person": person.full_name},
            )
        else:
            messages.info(
                request,
                _("%(person)s had no two-factor sign-in to reset.") % {"person": person.full_name},
            )
    return redirect("person_detail", person_id=person.pk)
