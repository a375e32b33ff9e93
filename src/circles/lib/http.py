"""Small view helpers: who is asking, and turning domain errors into form errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from circles.orgs.models import Person

from .errors import DomainError

View = TypeVar("View", bound=Callable[..., HttpResponse])


def person_required(view: View) -> View:
    """Signed in, with a person profile in an organisation; anything else cannot see content."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "person", None) is None:
            raise Http404("No profile for this login.")
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
