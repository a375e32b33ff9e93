"""Every form is submitted once, and an address meant for a form never answers a bare 405.

Each form carries a random token (``_once``, added by ``_form_fields.html`` and renewed by
``forms.js`` after every in-place submission). The first POST with a token claims it in the same
transaction as the view's own writes; a second POST with the same token (a double click, a
resent form) writes nothing and is sent back to the page. A view that refuses the input
(any 4xx or 5xx) rolls the claim back, so the corrected form can be sent again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import SubmittedForm

FIELD = "_once"
KEEP = dt.timedelta(days=2)


def _back(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return nearest_page(request.path) or "/"


def nearest_page(path: str) -> str | None:
    """The closest address above ``path`` that the site answers (a form-only address in
    between sends on again, so a few hops always end on a page)."""
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        candidate = "/".join(parts) + "/"
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return None


class SubmitOnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token or len(token) > 64:
            return self._with_friendly_405(request, self.get_response(request))
        try:
            with transaction.atomic():
                SubmittedForm.objects.create(token=token)
                response = self.get_response(request)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
                return response
        except IntegrityError:
            return self._duplicate(request)

    def _duplicate(self, request: HttpRequest) -> HttpResponse:
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(
                {"duplicate": True, "error": _("That was already saved.")}, status=409
            )
        messages.info(request, _("That was already saved: it was sent twice, and kept once."))
        return HttpResponseRedirect(_back(request), status=303)

    def _with_friendly_405(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """An address that only takes a form, opened directly: go to its page instead."""
        if response.status_code != 405 or request.method not in {"GET", "HEAD"}:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            # An API's own 405 (SCIM's is JSON with an Allow header) is left as it is.
            return response
        page = nearest_page(request.path)
        if page is not None:
            return HttpResponseRedirect(page, status=303)
        return render(request, "405.html", status=405)


def prune_submissions(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - KEEP
    deleted, _by_model = SubmittedForm.objects.filter(created_at__lt=cutoff).delete()
    return deleted
