"""iCalendar (RFC 5545) for meetings: a person's private feed, and one meeting's invitation.

Events carry only logistics: when, where (place or video link), the circle's name and who holds
which role. Never a case, a question, a note or a cancellation reason: a feed address can be
forwarded, and calendar servers keep copies. Their words are in the active language: the caller
chooses it for the person (``circles.languages.selection.language_of``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event, vCalAddress, vText

from circles.meetings.models import Meeting
from circles.orgs.models import Person

PRODID = "-//Coaching Circles//Meetings//EN"
# Stable across hosts and databases: the meeting's own UUID plus a fixed domain part.
UID_DOMAIN = "coaching-circles"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _roles_in_sentence(meeting: Meeting, person: Person) -> str:
    """The person's roles at the meeting as they read inside a sentence ("facilitator, host")."""
    words = {
        # Translators: a meeting role inside a sentence ("Your role: facilitator").
        "facilitator": pgettext("role in a sentence", "facilitator"),
        # Translators: a meeting role inside a sentence; the member who hosts the meeting.
        "host": pgettext("role in a sentence", "host"),
        # Translators: a meeting role inside a sentence.
        "note_taker": pgettext("role in a sentence", "note taker"),
    }
    mine = [word for role, word in words.items() if getattr(meeting, f"{role}_id") == person.pk]
    return ", ".join(mine)


def _role_line(meeting: Meeting, person: Person) -> str:
    mine = _roles_in_sentence(meeting, person)
    return _("Your role: %(roles)s") % {"roles": mine} if mine else _("Your role: member")


def _summary(meeting: Meeting, person: Person) -> str:
    mine = _roles_in_sentence(meeting, person)
    if mine:
        # Translators: a calendar entry's title, e.g. "Atlas circle (you: facilitator)".
        return _("%(circle)s circle (you: %(roles)s)") % {
            "circle": meeting.circle.name,
            "roles": mine,
        }
    # Translators: a calendar entry's title, e.g. "Atlas circle".
    return _("%(circle)s circle") % {"circle": meeting.circle.name}


def _description(meeting: Meeting, person: Person, page_url: str) -> str:
    def holder_name(holder: Person | None) -> str:
        # Translators: no one holds this meeting role yet.
        return holder.full_name if holder else _("not set")

    lines = [
        _role_line(meeting, person),
        _("Facilitator: %(name)s") % {"name": holder_name(meeting.facilitator)},
        # Translators: the member who hosts the meeting (room, video call).
        _("Host: %(name)s") % {"name": holder_name(meeting.host)},
        _("Note taker: %(name)s") % {"name": holder_name(meeting.note_taker)},
    ]
    if meeting.video_url:
        lines.append(_("Video call: %(url)s") % {"url": meeting.video_url})
    if page_url:
        lines.append(_("Meeting page: %(url)s") % {"url": page_url})
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
    # Translators: the name of a person's calendar feed in their calendar program.
    calendar = _calendar(_("Coaching circles: %(name)s") % {"name": person.full_name})
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
