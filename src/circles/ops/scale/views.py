"""The web benchmark's ceiling: a view that answers the same bytes every time, through the
same middleware as every page, served only when CIRCLES_BENCH_CONSTANT_VIEW is on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"constant\n", content_type="text/plain")
