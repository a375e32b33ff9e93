"""Responses of the application are never stored by browsers or proxies."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

NO_STORE = "private, no-store"


class NoStoreMiddleware:
    """Every page, JSON answer, calendar feed and export may hold confidential text or personal
    data (even a token address like the calendar feed), so none of them may stay in a shared
    cache or on a shared computer's disk after the person signs out. Static files are served
    before this runs (whitenoise) and keep their long-lived caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        return response
