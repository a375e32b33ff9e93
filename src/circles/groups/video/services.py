"""A circle's video room: a stable Jitsi Meet room made for it (on CIRCLES_JITSI_BASE_URL, so
a self-hosted Jitsi works), or a pasted Zoom, Microsoft Teams or Google Meet link. The link goes
to the circle's upcoming meetings, hence their pages, the runner, reminders and calendars."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from circles.groups.models import Circle
from circles.groups.selectors import circles_with_content_access
from circles.lib.errors import DomainError
from circles.orgs.models import Person

# Hosts of the meeting services a pasted link may come from (and their subdomains).
PROVIDERS = {
    "zoom.us": "Zoom",
    "zoom.com": "Zoom",
    "teams.microsoft.com": "Microsoft Teams",
    "teams.live.com": "Microsoft Teams",
    "meet.google.com": "Google Meet",
}


def jitsi_base() -> str:
    return settings.CIRCLES_JITSI_BASE_URL.rstrip("/")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def provider_of(url: str) -> str | None:
    """The service a link belongs to, or None for an address of no known meeting service."""
    host = _host(url)
    if not url.startswith("https://") or not host:
        return None
    if host == _host(jitsi_base()):
        return "Jitsi Meet"
    for domain, name in PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


def _require_member(circle: Circle, by: Person) -> None:
    if not circles_with_content_access(by).filter(pk=circle.pk).exists():
        raise DomainError(_("Only the circle's members set its video room."))


def _apply(circle: Circle, url: str) -> Circle:
    from circles.meetings.schedule.services import meetings_video_link_update

    old = circle.video_url
    if old == url:
        return circle
    circle.video_url = url
    circle.save(update_fields=["video_url"])
    meetings_video_link_update(circle=circle, old=old, new=url)
    return circle


@transaction.atomic
def circle_video_room_generate(*, circle: Circle, by: Person) -> Circle:
    """Give the circle a Jitsi room of its own; a circle that has one keeps it (stable)."""
    _require_member(circle, by)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    if circle.video_url.startswith(jitsi_base() + "/"):
        return circle
    # Unguessable, so that nobody outside the circle stumbles into its room.
    room = f"{slugify(circle.name)[:40] or 'circle'}-{secrets.token_urlsafe(12)}"
    return _apply(circle, f"{jitsi_base()}/{room}")


@transaction.atomic
def circle_video_link_set(*, circle: Circle, by: Person, url: str) -> Circle:
    """Use a pasted Zoom, Teams or Meet link (or a room on the Jitsi server); empty removes it."""
    _require_member(circle, by)
    url = url.strip()
    if len(url) > 200:
        raise DomainError(_("Keep the link under 200 characters."), field="url")
    if url and provider_of(url) is None:
        raise DomainError(
            _(
                "Paste an https:// link from Zoom, Microsoft Teams, Google Meet "
                "or the Jitsi server."
            ),
            field="url",
        )
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    return _apply(circle, url)
