"""Attach the signed-in person to the request and show times in their own time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Person


class PersonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person: Person | None = None
        if request.user.is_authenticated:
            person = (
                Person.objects.select_related("organisation")
                .filter(user_id=request.user.pk, is_active=True)
                .first()
            )
        request.person = person  # type: ignore[attr-defined]
        if person is not None:
            timezone.activate(zoneinfo.ZoneInfo(person.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
