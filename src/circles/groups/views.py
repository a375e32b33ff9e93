"""The circle page: members, charter and meeting history, for the circle's members only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from circles.lib.http import current_person, person_required
from circles.meetings.schedule.selectors import rhythm_panel
from circles.meetings.selectors import circle_meetings, open_commitment_count

from .selectors import circles_of_member, circles_with_content_access, current_memberships


@require_GET
@person_required
def circle_detail(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = circles_of_member(person).select_related("programme").filter(pk=circle_id).first()
    if circle is None:
        raise Http404("No such circle.")
    meetings = circle_meetings(circle)
    page = Paginator(meetings.past, 6).get_page(request.GET.get("page"))
    memberships = list(current_memberships(circle))
    return render(
        request,
        "groups/circle_detail.html",
        {
            "person": person,
            "circle": circle,
            "memberships": memberships,
            "rhythm": rhythm_panel(circle, memberships=memberships),
            "meetings": meetings,
            "page": page,
            "open_commitments": open_commitment_count(circle),
            "can_read": circles_with_content_access(person).filter(pk=circle.pk).exists(),
        },
    )
