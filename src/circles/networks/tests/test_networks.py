"""Networks: who sees which, what leads do, and outcomes that never give a small group away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.library.models import Kind
from circles.library.services import library_item_create
from circles.networks import selectors, services
from circles.networks.outcomes import network_dashboards
from circles.testing import make_circle, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    made = services.network_create(by=world.admin, name="New managers")
    services.network_update(
        network=made,
        by=world.admin,
        name="New managers",
        description="People leading a team for the first time.",
        circle_ids=[world.circle.pk],
        lead_ids=[world.lead.pk],
    )
    return made


def test_members_of_its_circles_leads_and_admins_see_a_network(world, network):
    for person in (world.member, world.facilitator, world.lead, world.admin):
        assert selectors.network_for(person, network.pk) == network
    assert selectors.network_for(world.outsider, network.pk) is None
    assert selectors.network_for(world.other_admin, network.pk) is None
    assert selectors.led_network(world.member, network.pk) is None
    assert selectors.led_network(world.lead, network.pk) == network


def test_only_admins_make_networks_and_choose_leads(world, network):
    with pytest.raises(DomainError):
        services.network_create(by=world.lead, name="Another")
    with pytest.raises(DomainError):
        services.network_update(
            network=network,
            by=world.lead,
            name="x",
            description="",
            circle_ids=[],
            lead_ids=[world.member.pk],
        )
    with pytest.raises(DomainError):
        services.network_update(
            network=network,
            by=world.lead,
            name="x",
            description="",
            circle_ids=[world.other_admin.pk + 10_000],
        )


def test_leads_share_published_items_and_members_read_them(world, network):
    item = library_item_create(
        author=world.lead, kind=Kind.GUIDE, title="First 90 days", body="Listen", publish=True
    )
    draft = library_item_create(author=world.lead, kind=Kind.GUIDE, title="Draft", body="x")
    services.network_item_share(network=network, item=item, by=world.lead)
    with pytest.raises(DomainError):
        services.network_item_share(network=network, item=draft, by=world.lead)
    with pytest.raises(DomainError):
        services.network_item_share(network=network, item=item, by=world.member)
    assert list(selectors.shared_items(network, world.member)) == [item]


def test_events_are_added_by_leads(world, network):
    starts = timezone.now() + dt.timedelta(days=5)
    services.network_event_add(network=network, by=world.lead, title="Meet-up", starts_at=starts)
    with pytest.raises(DomainError):
        services.network_event_add(network=network, by=world.member, title="x", starts_at=starts)
    assert [e.title for e in selectors.upcoming_events(network)] == ["Meet-up"]


def test_two_overlapping_networks_do_not_give_a_small_circle_away(world, network):
    """Network A: circle Aspen plus a two-person circle; network B: Aspen alone. Both totals
    large enough, but A minus B is the small circle: the lead sees at most one of them."""
    world.org.min_group_size_for_aggregates = 3
    world.org.save()
    extra = [make_person(world.org, f"Extra {n}") for n in range(3)]
    small = make_circle(world.programme, extra[:2], name="Tiny")
    services.network_update(
        network=network,
        by=world.admin,
        name="New managers",
        description="",
        circle_ids=[world.circle.pk, small.pk],
    )
    other = services.network_create(by=world.admin, name="Aspen alone")
    services.network_update(
        network=other,
        by=world.admin,
        name="Aspen alone",
        description="",
        circle_ids=[world.circle.pk],
        lead_ids=[world.lead.pk],
    )
    from circles.growth.commitments.services import commitment_create
    from circles.testing import schedule

    meeting = schedule(small, days=-3)
    for person in extra[:2]:
        commitment_create(
            meeting=meeting,
            owner=person,
            recorded_by=person,
            action="Try",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    dashboards = network_dashboards(world.admin)
    for metric_index, metric in enumerate(dashboards[network.pk].metrics):
        a = metric.figures.get("all", "total")
        b = dashboards[other.pk].metrics[metric_index].figures.get("all", "total")
        if a.people and b.people and a.people - b.people and a.people - b.people < 3:
            assert a.suppressed or b.suppressed, metric.metric.key


def test_the_pages_answer_by_role(world, network, login):
    lead = login(world.lead)
    assert lead.get(reverse("network_outcomes", args=[network.pk])).status_code == 200
    export = lead.get(reverse("network_export", args=[network.pk]))
    assert export["Content-Type"].startswith("text/csv")
    member = login(world.member)
    assert member.get(reverse("network_detail", args=[network.pk])).status_code == 200
    assert member.get(reverse("network_outcomes", args=[network.pk])).status_code == 404
    outsider = login(world.outsider)
    assert outsider.get(reverse("network_detail", args=[network.pk])).status_code == 404
