"""Calendar attachments for invitations, from the meetings app's calendar module when present.

The meetings app owns calendar output (RFC 5545, time zones, sequence numbers for moved
meetings). Emails only attach what it produces, so a meeting looks the same in the feed and in
the invitation; until that module offers a per-meeting file, invitations go without one.
"""

from __future__ import annotations

import importlib
from typing import Any

from circles.meetings.models import Meeting

# Names the calendar module may give its one-meeting builder, newest convention first.
BUILDER_NAMES = ("meeting_ics", "meeting_to_ics", "ics_for_meeting", "meeting_calendar")


def _builder() -> Any:
    try:
        calendar = importlib.import_module("circles.meetings.calendar")
    except ImportError:
        return None
    for name in BUILDER_NAMES:
        if callable(builder := getattr(calendar, name, None)):
            return builder
    return None


def meeting_ics(meeting: Meeting) -> bytes | None:
    builder = _builder()
    if builder is None:
        return None
    data = builder(meeting)
    return data.encode() if isinstance(data, str) else bytes(data)
