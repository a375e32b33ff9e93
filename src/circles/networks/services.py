"""Network writes: admins make networks and name their leads; leads choose circles, share
library items and add events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from circles.groups.models import Circle
from circles.lib.errors import DomainError
from circles.library.models import LibraryItem, Status
from circles.orgs.models import Person, Role

from .models import Network, NetworkCircle, NetworkEvent, NetworkItem


def _admin(person: Person) -> None:
    if person.role != Role.ADMIN or not person.is_active:
        raise DomainError(_("Only organisation admins make networks."))


def _leads(network: Network, person: Person) -> None:
    admin = person.role == Role.ADMIN and person.is_active
    if person.organisation_id != network.organisation_id or not (
        admin or network.leads.filter(pk=person.pk).exists()
    ):
        raise DomainError(_("Only the network's leads and admins can do that."))


@transaction.atomic
def network_create(*, by: Person, name: str, description: str = "") -> Network:
    _admin(by)
    if not name.strip():
        raise DomainError(_("Give the network a name."), field="name")
    try:
        with transaction.atomic():
            return Network.objects.create(
                organisation_id=by.organisation_id,
                name=name.strip()[:120],
                description=description.strip(),
            )
    except IntegrityError as exc:
        raise DomainError(_("Another network has that name."), field="name") from exc


@transaction.atomic
def network_update(
    *,
    network: Network,
    by: Person,
    name: str,
    description: str,
    circle_ids: Sequence[int],
    lead_ids: Sequence[int] | None = None,
) -> Network:
    """Rename, describe, choose the circles; admins also choose the leads."""
    _leads(network, by)
    if not name.strip():
        raise DomainError(_("Give the network a name."), field="name")
    circles = list(
        Circle.objects.filter(organisation_id=network.organisation_id, pk__in=circle_ids)
    )
    if len(circles) != len(set(circle_ids)):
        raise DomainError(_("Choose circles of this organisation."), field="circles")
    network.name, network.description = name.strip()[:120], description.strip()
    try:
        with transaction.atomic():
            network.save(update_fields=["name", "description"])
    except IntegrityError as exc:
        raise DomainError(_("Another network has that name."), field="name") from exc
    network.links.exclude(circle__in=circles).delete()
    have = set(network.links.values_list("circle_id", flat=True))
    NetworkCircle.objects.bulk_create(
        NetworkCircle(network=network, circle=c) for c in circles if c.pk not in have
    )
    if lead_ids is not None:
        _admin(by)
        leads = list(
            Person.objects.filter(
                organisation_id=network.organisation_id, is_active=True, pk__in=lead_ids
            )
        )
        if len(leads) != len(set(lead_ids)):
            raise DomainError(_("Choose leads from this organisation."), field="leads")
        network.leads.set(leads)
    return network


@transaction.atomic
def network_item_share(*, network: Network, item: LibraryItem, by: Person) -> NetworkItem:
    _leads(network, by)
    if item.organisation_id != network.organisation_id or item.status != Status.PUBLISHED:
        raise DomainError(_("Share a published item of the library."))
    shared, _created = NetworkItem.objects.get_or_create(
        network=network, item=item, defaults={"shared_by": by}
    )
    return shared


@transaction.atomic
def network_event_add(
    *,
    network: Network,
    by: Person,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    description: str = "",
) -> NetworkEvent:
    _leads(network, by)
    if not title.strip():
        raise DomainError(_("Give the event a title."), field="title")
    return NetworkEvent.objects.create(
        network=network,
        title=title.strip()[:200],
        starts_at=starts_at,
        place=place.strip()[:200],
        description=description.strip(),
        created_by=by,
    )
