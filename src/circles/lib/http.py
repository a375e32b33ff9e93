"""Small view helpers: who is asking, and turning domain errors into form errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from circles.orgs.models import Person

from .errors import DomainError

View = TypeVar("View", bound=Callable[..., HttpResponse])


def person_required(view: View) -> View:
    """Signed in, with a person profile in an organisation; anything else cannot see content.

    A login without a profile (an operator, say) gets a page that says so, not a bare 404.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "person", None) is None:
            return render(request, "no_profile.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)  # type: ignore[return-value]


def current_person(request: HttpRequest) -> Person:
    person: Person | None = getattr(request, "person", None)
    if person is None:
        raise Http404("No profile for this login.")
    return person


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def return_to(request: HttpRequest, default: str) -> str:
    """Where a form should send the person back: its ``next`` field if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
