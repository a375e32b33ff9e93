"""The private calendar feed, and the page where a member manages its secret address."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from circles.languages.selection import chosen_language
from circles.lib.http import current_person, person_required
from circles.meetings.calendar.ics import person_feed_ics
from circles.meetings.calendar.services import (
    calendar_token_create,
    calendar_token_revoke,
    feed_meetings,
    live_calendar_token,
    person_for_calendar_token,
)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: calendar programs fetch it; the secret in the address is the key.

    Its entries speak the person's language (or their organisation's); without such a choice,
    the one the calendar program asked for."""
    person = person_for_calendar_token(token)
    if person is None:
        raise Http404("No such calendar.")
    meetings = list(feed_meetings(person))
    urls = {
        m.pk: request.build_absolute_uri(reverse("meeting_detail", args=[m.pk])) for m in meetings
    }
    with translation.override(chosen_language(person) or translation.get_language()):
        feed = person_feed_ics(person, meetings, page_url_for=urls)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="coaching-circles.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@person_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    return render(
        request,
        "meetings/calendar_settings.html",
        {"person": person, "token": live_calendar_token(person), "feed_url": ""},
    )


@require_POST
@person_required
def calendar_token_new(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    secret = calendar_token_create(person=person)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[secret]))
    # Shown once, in this response: only a hash is kept, so it cannot be shown again.
    response = render(
        request,
        "meetings/calendar_settings.html",
        {"person": person, "token": live_calendar_token(person), "feed_url": feed_url},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@person_required
def calendar_token_revoke_view(request: HttpRequest) -> HttpResponse:
    calendar_token_revoke(person=current_person(request))
    return redirect("calendar_settings")
