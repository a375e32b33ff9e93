"""Project-wide pages: the member's home and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from circles.growth.selectors import open_commitments_of
from circles.lib.http import current_person, person_required
from circles.meetings.case_prep import cases_to_prepare
from circles.meetings.selectors import circles_with_next_meeting
from circles.orgs.selectors import can_manage_programmes, programme_list


@person_required
def home(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    commitments = list(open_commitments_of(person)[:50])
    programmes = list(programme_list(person)[:20]) if can_manage_programmes(person) else []
    return render(
        request,
        "home.html",
        {
            "person": person,
            "circles": circles_with_next_meeting(person),
            "commitments": commitments,
            "programmes": programmes,
            "cases_to_prepare": cases_to_prepare(person),
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever the driver raises
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
