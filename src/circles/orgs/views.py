"""Pages for programme leads and admins: programmes and their circles, never their content."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.accounts.oidc import single_sign_on_enabled
from circles.groups import services as group_services
from circles.groups.models import Circle, Membership
from circles.groups.selectors import with_current_members
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.meetings.selectors import with_meetings_held
from circles.orgs.invitations.services import invitations_send
from circles.orgs.invitations.views import report_invitations

from . import services
from .forms import CircleForm, CircleMemberAddForm, ProgrammeForm, SignInSettingsForm
from .models import Person, Programme
from .selectors import (
    can_manage_organisation,
    can_manage_programmes,
    programme_list,
    programme_people_without_login,
    programmes_visible_to,
)


def _managed_programme(person: Person, programme_id: int) -> Programme:
    programme = programmes_visible_to(person).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


@require_GET
@person_required
def programme_index(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not can_manage_programmes(person):
        raise Http404("No programmes to manage.")
    page = Paginator(programme_list(person), 25).get_page(request.GET.get("page"))
    return render(request, "orgs/programme_list.html", {"person": person, "page": page})


@require_http_methods(["GET", "POST"])
@person_required
def programme_create(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not can_manage_programmes(person):
        raise Http404("No programmes to manage.")
    form = ProgrammeForm(
        request.POST or None, initial={"ground_rules": services.default_ground_rules()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                organisation=person.organisation, leads=[person], **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Programme “%(name)s” created.") % {"name": programme.name})
            return redirect("programme_detail", programme_id=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "orgs/programme_form.html", {"form": form}, status=status)


@require_GET
@person_required
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _managed_programme(person, programme_id)
    circles = with_current_members(with_meetings_held(programme.circles.all()).order_by("name"))
    page = Paginator(circles, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/programme_detail.html",
        {
            "person": person,
            "programme": programme,
            "page": page,
            "leads": list(programme.leads.all()),
        },
    )


@require_http_methods(["GET", "POST"])
@person_required
def circle_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    person = current_person(request)
    programme = _managed_programme(person, programme_id)
    form = CircleForm(
        request.POST or None,
        organisation_id=person.organisation_id,
        initial={"time_zone": person.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            circle = group_services.circle_create(
                programme=programme,
                name=data["name"],
                members=data["member_emails"],
                time_zone=data["time_zone"],
                video_url=data["video_url"],
                location=data["location"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Circle “%(name)s” created.") % {"name": circle.name})
            return redirect("programme_detail", programme_id=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "orgs/circle_form.html", {"form": form, "programme": programme}, status=status
    )


def _managed_circle(person: Person, programme_id: int, circle_id: int) -> Circle:
    programme = _managed_programme(person, programme_id)
    circle = programme.circles.select_related("programme").filter(pk=circle_id).first()
    if circle is None:
        raise Http404("No such circle.")
    return circle


def _circle_members_page(
    request: HttpRequest, circle: Circle, form: CircleMemberAddForm, *, status: int = 200
) -> HttpResponse:
    memberships = (
        Membership.objects.filter(circle=circle, left_on__isnull=True)
        .select_related("person")
        .order_by("joined_on", "person__full_name", "pk")
    )
    return render(
        request,
        "orgs/circle_members.html",
        {
            "circle": circle,
            "programme": circle.programme,
            "memberships": list(memberships),
            "form": form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def circle_members(request: HttpRequest, programme_id: int, circle_id: int) -> HttpResponse:
    """Who is in a circle; add someone to it once it has started."""
    person = current_person(request)
    circle = _managed_circle(person, programme_id, circle_id)
    form = CircleMemberAddForm(request.POST or None, organisation_id=person.organisation_id)
    if request.method == "POST":
        if form.is_valid():
            newcomer = form.cleaned_data["email"]
            try:
                group_services.membership_add(circle=circle, person=newcomer, added_by=person)
            except DomainError as error:
                form.add_error("email" if error.field == "person" else None, error.message)
            else:
                messages.success(
                    request,
                    _("%(person)s joined %(circle)s.")
                    % {"person": newcomer.full_name, "circle": circle.name},
                )
                return redirect("circle_members", programme_id=programme_id, circle_id=circle.pk)
        return _circle_members_page(request, circle, form, status=400)
    return _circle_members_page(request, circle, form)


@require_POST
@person_required
def circle_member_remove(
    request: HttpRequest, programme_id: int, circle_id: int, membership_id: int
) -> HttpResponse:
    person = current_person(request)
    circle = _managed_circle(person, programme_id, circle_id)
    membership = (
        Membership.objects.filter(circle=circle, left_on__isnull=True, pk=membership_id)
        .select_related("person", "circle")
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("Tick the box to confirm that %(person)s leaves.")
            % {"person": membership.person.full_name},
        )
    else:
        try:
            group_services.membership_remove(membership=membership, removed_by=person)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s left %(circle)s.")
                % {"person": membership.person.full_name, "circle": circle.name},
            )
    return redirect("circle_members", programme_id=programme_id, circle_id=circle.pk)


@require_POST
@person_required
def programme_invite(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Invite everyone in the programme's circles who cannot sign in yet."""
    person = current_person(request)
    programme = _managed_programme(person, programme_id)
    people = list(programme_people_without_login(programme))
    if not people:
        messages.info(request, _("Everyone in this programme can already sign in or is invited."))
        return redirect("programme_detail", programme_id=programme.pk)
    report_invitations(request, invitations_send(people=people, invited_by=person))
    return redirect("programme_detail", programme_id=programme.pk)


@require_http_methods(["GET", "POST"])
@person_required
def organisation_sign_in(request: HttpRequest) -> HttpResponse:
    """Sign-in settings of the admin's own organisation: password, single sign-on, domains."""
    person = current_person(request)
    if not can_manage_organisation(person):
        raise Http404("Only organisation admins change how people sign in.")
    organisation = person.organisation
    form = SignInSettingsForm(
        request.POST or None,
        initial={
            "password_sign_in": organisation.password_sign_in,
            "sso_creates_people": organisation.sso_creates_people,
            "two_factor_for_managers": organisation.two_factor_for_managers,
            "email_domains": "\n".join(organisation.email_domains),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_sign_in_update(organisation=organisation, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Sign-in settings saved."))
            return redirect("organisation_sign_in")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orgs/sign_in_settings.html",
        {
            "form": form,
            "organisation": organisation,
            "sso": single_sign_on_enabled(),
            "issuer": settings.CIRCLES_OIDC_ISSUER,
            "redirect_uri": settings.SITE_URL.rstrip("/") + reverse("oidc_authentication_callback"),
        },
        status=status,
    )
