"""After a password, the second step: nothing opens until the code is given.

A login with two-factor sign-in on that has not given a code in this session is sent to the
code page; an admin or programme lead whose organisation requires two-factor sign-in and who
has not set it up is sent to set it up. Either can still sign out. A session opened by single
sign-on is left alone: the identity provider decides how many factors it asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .services import two_factor_enabled, two_factor_required

SIGN_ON_BACKEND = "circles.accounts.oidc.SignOnBackend"
ALWAYS_OPEN = frozenset({"logout"})
OPEN_BEFORE_THE_CODE = ALWAYS_OPEN | {"two_factor_verify"}
OPEN_BEFORE_SET_UP = ALWAYS_OPEN | {
    "two_factor_setup",
    "two_factor_recovery",
    "two_factor_recovery_download",
}


def signed_on(request: HttpRequest) -> bool:
    return bool(request.session.get(BACKEND_SESSION_KEY) == SIGN_ON_BACKEND)


def is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(request) or signed_on(request):
            return None
        match = request.resolver_match
        name = match.url_name if match is not None and not match.namespace else None
        if two_factor_enabled(user):
            if name in OPEN_BEFORE_THE_CODE:
                return None
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{query}")
        person = getattr(request, "person", None)
        if person is not None and two_factor_required(person) and name not in OPEN_BEFORE_SET_UP:
            return HttpResponseRedirect(reverse("two_factor_setup"))
        return None
