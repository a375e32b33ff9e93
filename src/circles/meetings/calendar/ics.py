"""iCalendar (RFC 5545) for meetings: a person's private feed, and one meeting's invitation.

Events carry only logistics: when, where (place or video link), the circle's name and who holds
which role. Never a case, a question, a note or a cancellation reason: a feed address can be
forwarded, and calendar servers keep copies.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from circles.meetings.models import Meeting
from circles.orgs.models import Person

PRODID = "-//Coaching Circles//Meetings//EN"
# Stable across hosts and databases: the meeting's own UUID plus a fixed domain part.
UID_DOMAIN = "coaching-circles"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _role_line(meeting: Meeting, person: Person) -> str:
    mine = meeting.roles_of(person)
    return f"Your role: {', '.join(mine).lower()}" if mine else "Your role: member"


def _summary(meeting: Meeting, person: Person) -> str:
    mine = meeting.roles_of(person)
    suffix = f" (you: {', '.join(mine).lower()})" if mine else ""
    return f"{meeting.circle.name} circle{suffix}"


def _description(meeting: Meeting, person: Person, page_url: str) -> str:
    lines = [_role_line(meeting, person)]
    for label, holder in (
        ("Facilitator", meeting.facilitator),
        ("Host", meeting.host),
        ("Note taker", meeting.note_taker),
    ):
        lines.append(f"{label}: {holder.full_name if holder else 'not set'}")
    if meeting.video_url:
        lines.append(f"Video call: {meeting.video_url}")
    if page_url:
        lines.append(f"Meeting page: {page_url}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, person: Person, *, page_url: str = "") -> Event:
    """One meeting as a VEVENT, in the circle's time zone, as seen by ``person``."""
    zone = zoneinfo.ZoneInfo(meeting.time_zone)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("last-modified", meeting.revised_at.astimezone(dt.UTC))
    event.add("created", meeting.created_at.astimezone(dt.UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", _summary(meeting, person))
    event.add("description", _description(meeting, person, page_url))
    place = meeting.location or meeting.video_url
    if place:
        event.add("location", place)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def person_feed_ics(
    person: Person, meetings: Iterable[Meeting], *, page_url_for: dict[int, str] | None = None
) -> bytes:
    """The person's feed: every meeting given, with a VTIMEZONE for each zone used."""
    calendar = _calendar(f"Coaching circles: {person.full_name}")
    calendar.add("method", "PUBLISH")
    # Clients that honour these poll hourly, so a move shows up the same day.
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    urls = page_url_for or {}
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, person, page_url=urls.get(meeting.pk, "")))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_invitation_ics(meeting: Meeting, person: Person, *, page_url: str = "") -> bytes:
    """A single meeting's invitation for ``person``: METHOD:REQUEST, or CANCEL once cancelled.

    Attach it to the invitation email as ``text/calendar; method=REQUEST`` (or CANCEL); the
    same UID and a higher SEQUENCE update the entry already in the person's calendar.
    """
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = _calendar(meeting.circle.name)
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = meeting_event(meeting, person, page_url=page_url)
    organiser = vCalAddress(f"mailto:{_sender_address()}")
    organiser.params["cn"] = vText("Coaching Circles")
    event.add("organizer", organiser)
    attendee = vCalAddress(f"mailto:{person.email}")
    attendee.params["cn"] = vText(person.full_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _sender_address() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    # "Name <address>" -> address
    if "<" in sender and sender.endswith(">"):
        return sender.rsplit("<", 1)[1][:-1]
    return sender
