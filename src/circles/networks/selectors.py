"""Who sees which network: its members (through their circles), its leads, admins."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from circles.library.models import LibraryItem
from circles.library.selectors import published_for
from circles.orgs.models import Person, Role

from .models import Network, NetworkCircle, NetworkEvent


def _member_of(person: Person) -> Exists:
    return Exists(
        NetworkCircle.objects.filter(
            network_id=OuterRef("pk"),
            circle__memberships__person=person,
            circle__memberships__left_on__isnull=True,
        )
    )


def networks_visible_to(person: Person) -> QuerySet[Network]:
    networks = Network.objects.filter(organisation_id=person.organisation_id)
    if person.role == Role.ADMIN and person.is_active:
        return networks
    return networks.filter(Q(leads=person) | _member_of(person)).distinct()


def networks_led_by(person: Person) -> QuerySet[Network]:
    """Networks whose outcomes the person sees: all for an admin, their own for a lead."""
    networks = Network.objects.filter(organisation_id=person.organisation_id)
    if person.role == Role.ADMIN and person.is_active:
        return networks
    return networks.filter(leads=person)


def network_for(person: Person, network_id: int) -> Network | None:
    return networks_visible_to(person).filter(pk=network_id).first()


def led_network(person: Person, network_id: int) -> Network | None:
    return networks_led_by(person).filter(pk=network_id).first()


def network_circle_ids(network: Network) -> set[int]:
    return set(network.links.values_list("circle_id", flat=True))


def shared_items(network: Network, viewer: Person) -> QuerySet[LibraryItem]:
    """The network's shared items the viewer may read (published, for their audience)."""
    return (
        published_for(viewer)
        .filter(pk__in=network.shared.values("item_id"))
        .order_by("-published_at", "-pk")
    )


def upcoming_events(network: Network, now: dt.datetime | None = None) -> QuerySet[NetworkEvent]:
    now = now or timezone.now()
    return network.events.filter(starts_at__gte=now - dt.timedelta(hours=2)).order_by(
        "starts_at", "pk"
    )


def circle_count(network: Network) -> int:
    return network.links.count()
