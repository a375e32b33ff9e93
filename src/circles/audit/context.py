"""Who is acting: a person in a request, an identity provider's token, the command line.

Services record what happened; the adapter that called them knows who asked. The adapter
says so once (the middleware for every request, the SCIM view for its token, a command for
the command line) and every event recorded meanwhile carries that actor, whichever service
records it. Outside any of them the actor is the system (the task worker, the sweep).
"""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

from .models import ActorKind

if TYPE_CHECKING:
    from circles.orgs.models import Person


@dataclass(frozen=True)
class Actor:
    kind: str
    label: str
    person_id: int | None = None
    ip: str | None = None

    @classmethod
    def of_person(cls, person: Person, ip: str | None = None) -> Actor:
        return cls(ActorKind.PERSON, person.full_name[:200], person.pk, ip)

    @classmethod
    def command_line(cls, what: str = "") -> Actor:
        return cls(ActorKind.COMMAND, f"Command line{': ' + what if what else ''}"[:200])


SYSTEM = Actor(ActorKind.SYSTEM, "System")
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("audit_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Everything recorded inside the block is recorded as done by ``actor``."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def acting_from_here(actor: Actor) -> None:
    """For the rest of the current request, ``actor`` acts: for an adapter that learns who is
    asking only inside the request (an API token). The middleware's ``acting_as`` restores the
    previous actor when the request ends, so nothing leaks into the next one."""
    _current.set(actor)


def client_ip(request: HttpRequest) -> str | None:
    # The address the connection came from; a proxy in front sets REMOTE_ADDR for us
    # (a client-sent X-Forwarded-For would let anyone write any address into the log).
    address = str(request.META.get("REMOTE_ADDR") or "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class AuditActorMiddleware:
    """The signed-in person (or, before sign-in, the system at this address) acts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person: Person | None = getattr(request, "person", None)
        ip = client_ip(request)
        actor = Actor.of_person(person, ip) if person is not None else replace(SYSTEM, ip=ip)
        with acting_as(actor):
            return self.get_response(request)
