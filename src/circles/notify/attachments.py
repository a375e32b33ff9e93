"""Calendar attachments for invitations, built by the meetings app's calendar module.

The meetings app owns calendar output (RFC 5545, time zones, UID and SEQUENCE for moved
meetings); emails attach what it produces, so a meeting looks the same in the feed and in the
invitation.
"""

from __future__ import annotations

from django.urls import reverse

from circles.meetings.calendar.ics import meeting_invitation_ics
from circles.meetings.models import Meeting
from circles.orgs.models import Person


def meeting_ics(meeting: Meeting, person: Person, site_url: str) -> bytes:
    page_url = site_url.rstrip("/") + reverse("meeting_detail", args=[meeting.pk])
    return meeting_invitation_ics(meeting, person, page_url=page_url)
