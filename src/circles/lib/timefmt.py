"""Small helpers for showing times in the viewer's and the circle's time zones."""

from __future__ import annotations

import datetime as dt
import zoneinfo


def in_zone(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def zone_label(moment: dt.datetime) -> str:
    """Short name of the zone at that moment (CET, CEST, EST...), as people read it."""
    return moment.tzname() or ""
