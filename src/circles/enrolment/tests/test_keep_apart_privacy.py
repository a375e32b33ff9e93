"""The private "rather not share a circle with" choice: honoured as a hard rule, seen by nobody.

Every page a lead, an admin, an operator or another member can open renders the same with and
without the choice, so nothing on them can give it away.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from circles.accounts.models import User
from circles.enrolment import services
from circles.enrolment.models import Enrolment
from circles.formation import services as formation
from circles.formation.figures import proposal_figures
from circles.formation.inputs import people_table
from circles.formation.models import FormationRun
from circles.lib.errors import DomainError
from circles.orgs.models import Person

pytestmark = pytest.mark.django_db

# Per-render tokens (CSRF, submit-once) differ between any two renders: left out of the comparison.
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|_once)" value="[^"]+"')


def enrol_all(pilot, *, with_choice: bool = True) -> None:
    services.enrol(
        programme=pilot.programme,
        person=pilot.chooser,
        avoid=[pilot.avoided] if with_choice else [],
        development_interests=["coaching"],
    )
    for person in [pilot.avoided, *pilot.others]:
        services.enrol(programme=pilot.programme, person=person)


def form(pilot, seed: int = 1) -> FormationRun:
    run = formation.formation_start(
        programme=pilot.programme,
        started_by=pilot.world.lead,
        people=formation.participants(pilot.programme, enrolled_only=True),
        options={"seconds": 1, "min_size": 5, "max_size": 5, "seed": seed},
    )
    return formation.formation_execute(run=run)


def circle_of(run: FormationRun, person: Person) -> int:
    return next(i for i, group in enumerate(run.groups) if person.pk in group)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_two_never_share_a_circle(pilot, seed):
    enrol_all(pilot)
    run = form(pilot, seed)
    assert run.status == "done", run.message
    assert circle_of(run, pilot.chooser) != circle_of(run, pilot.avoided)
    assert not run.figures["hard_problems"]


def test_a_move_that_would_join_them_is_refused_without_saying_why(pilot, login):
    enrol_all(pilot)
    run = form(pilot)
    target = circle_of(run, pilot.chooser)
    with pytest.raises(DomainError) as caught:
        formation.proposal_move(run=run, person_id=pilot.avoided.pk, to_circle=target)
    assert caught.value.message == formation.APART_REFUSAL
    client = login(pilot.world.lead)
    url = reverse("formation_adjust", args=[pilot.programme.pk, run.pk])
    response = client.post(
        url,
        {"action": "move", "selected": [pilot.avoided.pk], "to_circle": target + 1},
        follow=True,
    )
    body = response.content.decode()
    assert formation.APART_REFUSAL in body
    assert "manages" not in body
    assert "would rather" not in body
    run.refresh_from_db()
    assert circle_of(run, pilot.avoided) != target


def test_keeping_them_together_is_refused_the_same_way(pilot):
    enrol_all(pilot)
    run = form(pilot)
    with pytest.raises(DomainError) as caught:
        formation.proposal_pair_rule(
            run=run, first_id=pilot.chooser.pk, second_id=pilot.avoided.pk, together=True
        )
    assert caught.value.message == formation.APART_REFUSAL


def test_a_proposal_that_breaks_the_rule_names_nobody(pilot):
    enrol_all(pilot)
    table = people_table(
        Person.objects.filter(organisation=pilot.world.org),
        programme=pilot.programme,
        private_apart=[(pilot.chooser.pk, pilot.avoided.pk)],
    )
    index = table.index_of()
    together = [index[pilot.chooser.pk], index[pilot.avoided.pk]]
    rest = [i for i in range(table.size) if i not in together]
    figures = proposal_figures(
        table, [together + rest], weights={}, min_overlap_minutes=0, bounds=(1, 100)
    )
    assert figures.hard_problems == ["Circle 1 has two people who are to be kept apart: run again."]


def lead_pages(pilot, run: FormationRun) -> list[str]:
    p = pilot.programme.pk
    manage = reverse("enrolment_manage", args=[p])
    return [
        reverse("home"),
        reverse("programme_index"),
        reverse("programme_detail", args=[p]),
        manage,
        *[f"{manage}?status={s}" for s in Enrolment.Status.values],
        reverse("enrolment_invite", args=[p]),
        reverse("enrolment_invite", args=[p]) + f"?q={pilot.avoided.full_name}",
        reverse("formation_new", args=[p]),
        reverse("formation_detail", args=[p, run.pk]),
        reverse("formation_status", args=[p, run.pk]),
        reverse("insights_dashboard", args=[p]),
    ]


def member_pages(pilot) -> list[str]:
    return [reverse("home"), reverse("enrolment_page", args=[pilot.programme.pk])]


def render_all(pilot, login, run: FormationRun) -> dict[tuple[str, str], str]:
    pages: dict[tuple[str, str], str] = {}
    for persona in [pilot.world.lead, pilot.world.admin]:
        client = login(persona)
        for url in lead_pages(pilot, run):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[(persona.full_name, url)] = TOKEN.sub("", response.content.decode())
    for persona in [pilot.avoided, pilot.others[0]]:
        client = login(persona)
        for url in member_pages(pilot):
            pages[(persona.full_name, url)] = TOKEN.sub("", client.get(url).content.decode())
    return pages


def test_no_page_for_anyone_else_changes_with_the_choice(pilot, login):
    enrol_all(pilot)
    run = form(pilot)
    with_choice = render_all(pilot, login, run)
    Enrolment.objects.get(person=pilot.chooser).avoid.clear()
    without = render_all(pilot, login, run)
    assert with_choice.keys() == without.keys()
    for key, page in with_choice.items():
        assert page == without[key], key


def test_the_chooser_alone_sees_their_choice_back(pilot, login):
    enrol_all(pilot)
    own = login(pilot.chooser).get(reverse("enrolment_page", args=[pilot.programme.pk]))
    assert f"{pilot.avoided.full_name} &lt;{pilot.avoided.email}&gt;" in own.content.decode()
    theirs = login(pilot.avoided).get(reverse("enrolment_page", args=[pilot.programme.pk]))
    assert pilot.chooser.full_name not in theirs.content.decode()


def test_the_admin_site_never_shows_the_choice(pilot, client):
    enrol_all(pilot)
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Enrolment]
    assert "avoid" not in model_admin.get_fields(request)
    assert "avoid" not in model_admin.get_list_display(request)
    operator = User.objects.create_superuser(email="ops@example.com", password="a-long-password")
    client.force_login(operator)
    enrolment = Enrolment.objects.get(person=pilot.chooser)
    page = client.get(reverse("admin:enrolment_enrolment_change", args=[enrolment.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "avoid" not in body
    assert pilot.avoided.email not in body
    listing = client.get(reverse("admin:enrolment_enrolment_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse("admin:enrolment_enrolmentsettings_changelist")).status_code == 200
