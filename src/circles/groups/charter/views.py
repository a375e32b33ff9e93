"""The charter page of a circle: reachable by every current member, also before they accept,
because it is where they accept. Other members' expectations are shown only after accepting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from circles.groups.charter import services as charter
from circles.groups.models import Circle
from circles.groups.selectors import circles_of_member
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person


class CharterForm(forms.Form):
    purpose = forms.CharField(
        max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Our purpose")
    )
    own_rules = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Our own ground rules"),
        help_text=gettext_lazy("One per line, added to the programme's rules."),
    )


class ExpectationsForm(forms.Form):
    expectations = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("What I expect from this circle"),
        help_text=gettext_lazy("Seen only by the circle's members."),
    )


def _circle(person: Person, circle_id: int) -> Circle:
    circle = circles_of_member(person).select_related("programme").filter(pk=circle_id).first()
    if circle is None:
        raise Http404("No such circle.")
    return circle


def _plan_url() -> str | None:
    """The development plan page, once it exists in this installation."""
    try:
        return reverse("plan_detail")
    except NoReverseMatch:
        return None


def _page(
    request: HttpRequest, person: Person, circle: Circle, *, status: int = 200, **bound: Any
) -> HttpResponse:
    view = charter.charter_for(circle, person)
    if view is None:
        raise Http404("No such circle.")
    return render(
        request,
        "groups/charter.html",
        {
            "circle": circle,
            "charter": view,
            "charter_form": bound.get("charter_form")
            or CharterForm(
                initial={"purpose": circle.purpose, "own_rules": "\n".join(view.own_rules)}
            ),
            "expectations_form": bound.get("expectations_form")
            or ExpectationsForm(initial={"expectations": view.mine.expectations}),
            "plan_url": _plan_url(),
        },
        status=status,
    )


@require_GET
@person_required
def charter_page(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    return _page(request, person, _circle(person, circle_id))


@require_POST
@person_required
def charter_accept(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = _circle(person, circle_id)
    try:
        charter.ground_rules_accept(circle=circle, person=person)
    except DomainError as error:
        messages.error(request, error.message)
        return _page(request, person, circle, status=400)
    messages.success(request, _("Thank you: you accepted the ground rules."))
    return redirect("circle_charter", circle_id=circle.pk)


@require_POST
@person_required
def charter_edit(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = _circle(person, circle_id)
    form = CharterForm(request.POST)
    if form.is_valid():
        try:
            charter.charter_update(
                circle=circle,
                by=person,
                purpose=form.cleaned_data["purpose"],
                own=form.cleaned_data["own_rules"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Charter saved."))
            return redirect("circle_charter", circle_id=circle.pk)
    return _page(request, person, circle, status=400, charter_form=form)


@require_POST
@person_required
def charter_expectations(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = _circle(person, circle_id)
    form = ExpectationsForm(request.POST)
    if form.is_valid():
        try:
            charter.expectations_write(
                circle=circle, person=person, text=form.cleaned_data["expectations"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Expectations saved."))
            return redirect(reverse("circle_charter", args=[circle.pk]) + "#expectations")
    return _page(request, person, circle, status=400, expectations_form=form)
