"""ETags on API reads: a strong validator from the body, and 304 for a matching If-None-Match."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

View = Callable[..., HttpResponse]


def with_etag(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        if getattr(response, "streaming", False):
            return response
        # Computed before the no-store header is added further out: the body is the version.
        set_response_etag(response)
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
        return conditional or response

    return wrapper
