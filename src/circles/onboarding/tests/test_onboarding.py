"""Onboarding circles: new hires in the window, each proposed circle with a volunteer, the lead
publishes through the formation, and the pages answer only the programme's leads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.formation.models import FormationRun
from circles.formation.services import formation_publish, proposal_swap
from circles.lib.errors import DomainError
from circles.onboarding import services
from circles.onboarding.models import Volunteer
from circles.testing import make_person, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def onboarding(world):
    today = timezone.localdate()
    programme = make_programme(world.org, [world.lead], min_circle_size=3, max_circle_size=5)
    services.onboarding_configure(programme=programme, by=world.lead, window_days=30)
    hires = [
        make_person(
            world.org,
            f"New Hire {n}",
            start_date=today - dt.timedelta(days=n * 2),
            department=["Sales", "Eng", "Ops"][n % 3],
        )
        for n in range(10)
    ]
    old = make_person(world.org, "Long Ago", start_date=today - dt.timedelta(days=400))
    hosts = [
        make_person(world.org, f"Host {n}", start_date=today - dt.timedelta(days=900 + n))
        for n in range(3)
    ]
    for host in hosts:
        services.volunteer_opt_in(person=host)
    return programme, hires, hosts, old


def test_the_new_hires_are_the_window_less_the_volunteers(onboarding):
    programme, hires, hosts, _ = onboarding
    settings = programme.onboarding
    today = timezone.localdate()
    assert set(services.new_hires(settings, today)) == set(hires)
    assert set(services.available_volunteers(settings, today)) == set(hosts)


def test_a_proposal_puts_a_volunteer_in_every_circle_and_publishes(world, onboarding):
    programme, _, hosts, _ = onboarding
    run = services.onboarding_form(programme=programme, started_by=world.lead)
    assert run.status == FormationRun.Status.DONE, run.message
    host_ids = {h.pk for h in hosts}
    assert run.groups
    assert all(host_ids & set(group) for group in run.groups)
    circles = formation_publish(run=run, published_by=world.lead)
    for circle in circles:
        members = set(circle.memberships.values_list("person_id", flat=True))
        assert members & host_ids
    # The next proposal finds nobody new left to welcome.
    with pytest.raises(DomainError):
        services.onboarding_propose(programme=programme, started_by=world.lead)


def test_moving_the_only_volunteer_out_of_a_circle_is_refused(world, onboarding):
    programme, _, hosts, _ = onboarding
    run = services.onboarding_form(programme=programme, started_by=world.lead)
    host_ids = {h.pk for h in hosts}
    source = next(i for i, g in enumerate(run.groups) if len(host_ids & set(g)) == 1)
    host = next(p for p in run.groups[source] if p in host_ids)
    target = (source + 1) % len(run.groups)
    hire = next(p for p in run.groups[target] if p not in host_ids)
    with pytest.raises(DomainError, match="volunteer"):
        proposal_swap(run=run, first_id=host, second_id=hire)


def test_too_few_volunteers_fails_the_run_naming_the_rule(world, onboarding):
    programme, _, hosts, _ = onboarding
    for host in hosts[1:]:
        services.volunteer_opt_out(person=host)
    run = services.onboarding_form(programme=programme, started_by=world.lead)
    assert run.status == FormationRun.Status.FAILED
    assert "volunteer" in run.message


def test_the_schedule_proposes_when_the_period_is_over(world, onboarding):
    programme, *_ = onboarding
    now = timezone.now()
    assert len(services.onboarding_due(now=now)) == 1
    assert services.onboarding_due(now=now) == []
    later = now + dt.timedelta(days=29)
    programme.onboarding.refresh_from_db()
    assert programme.onboarding.last_proposed_on == timezone.localdate(now)
    services.onboarding_due(now=later)  # nobody new: recorded, no run, no error


def test_only_the_programme_leads_configure_and_propose(world, onboarding):
    programme, *_ = onboarding
    with pytest.raises(DomainError):
        services.onboarding_configure(programme=programme, by=world.member)
    with pytest.raises(DomainError):
        services.onboarding_propose(programme=programme, started_by=world.member)


def test_the_pages(world, onboarding, login):
    programme, *_ = onboarding
    client = login(world.lead)
    page = client.get(reverse("onboarding_manage", args=[programme.pk]))
    assert "10 new hires" in page.content.decode()
    response = client.post(reverse("onboarding_propose", args=[programme.pk]))
    assert response.status_code == 302
    assert "/formation/" in response["Location"]
    member = login(world.member)
    assert member.get(reverse("onboarding_manage", args=[programme.pk])).status_code == 404
    member.post(reverse("volunteer_settings"), {"hosting": "on"})
    assert Volunteer.objects.filter(person=world.member).exists()
