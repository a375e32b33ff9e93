"""Attach the signed-in person to the request and show times in their own time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from circles.accounts.models import User

from .models import Person


def _person_of(user: Any) -> Person | None:
    # The sign-in backends read the person with the user (accounts.backends.signed_in_user).
    if User.person.related.is_cached(user):
        return cast(Person | None, getattr(user, "person", None))
    return Person.objects.select_related("organisation").filter(user_id=user.pk).first()


class PersonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person: Person | None = None
        if request.user.is_authenticated:
            person = _person_of(request.user)
            if not request.user.is_active or (person is not None and not person.is_active):
                # Someone who left (deactivated in the directory, by an import or by SCIM) is
                # signed out on their very next request, whichever way they signed in.
                logout(request)
                person = None
        request.person = person  # type: ignore[attr-defined]
        if person is not None:
            timezone.activate(zoneinfo.ZoneInfo(person.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
