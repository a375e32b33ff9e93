"""Posting JSON to an address an admin configured (webhooks, chat channels): timed, bounded,
never to this machine or a private network unless the installation allows it."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 10
# A receiver that answers with a novel is cut off: only the status and a little text matter.
MAX_RESPONSE_BYTES = 4096


@dataclass(frozen=True)
class Outcome:
    status_code: int | None  # None when no answer came
    latency_ms: int
    error: str  # empty on an answer, whatever its status

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def address_problem(url: str) -> str | None:
    """Why the product will not post to this address, or None. Checked when an admin saves
    it and again before every post (a name may resolve elsewhere later)."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        return _("Use an https:// address.")
    if parts.scheme == "http" and not settings.CIRCLES_OUTBOUND_ALLOW_HTTP:
        return _("Use an https:// address.")
    if settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return _("That host name does not resolve.")
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return _("That address is on a private network or this machine.")
    return None


def post_json(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()
    problem = address_problem(url)
    if problem is not None:
        return Outcome(None, 0, problem)
    try:
        with requests.post(
            url,
            data=body,
            headers={"Content-Type": "application/json", **headers},
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response:
            response.raw.read(MAX_RESPONSE_BYTES, decode_content=True)
            status = response.status_code
    except requests.RequestException as error:
        latency = int((time.monotonic() - started) * 1000)
        return Outcome(None, latency, f"{type(error).__name__}: {error}"[:300])
    return Outcome(status, int((time.monotonic() - started) * 1000), "")
