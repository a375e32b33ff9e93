"""The people directory: who may open it, filters, sorting, paging, and every write on it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.notify.worker import run_pending_tasks
from circles.orgs.invitations.services import invitation_send
from circles.orgs.models import Invitation, Person, Role
from circles.orgs.people.services import person_update
from circles.testing import (
    SECRET_ACTION,
    SECRET_CASE,
    SECRET_NOTE,
    make_circle,
    make_org,
    make_person,
    make_programme,
)

pytestmark = pytest.mark.django_db


def _pages(world):
    person = world.member.pk
    return [
        ("get", reverse("people_directory"), {}),
        ("get", reverse("person_detail", args=[person]), {}),
        ("get", reverse("person_add"), {}),
        ("get", reverse("person_edit", args=[person]), {}),
        ("get", reverse("person_deactivate", args=[person]), {}),
    ]


def test_admins_open_every_directory_page(world, login):
    client = login(world.admin)
    for _method, url, _data in _pages(world):
        assert client.get(url).status_code == 200, url


def test_leads_look_people_up_but_cannot_change_them(world, login):
    client = login(world.lead)
    assert client.get(reverse("people_directory")).status_code == 200
    detail = client.get(reverse("person_detail", args=[world.member.pk]))
    assert detail.status_code == 200
    assert reverse("person_edit", args=[world.member.pk]) not in detail.content.decode()
    for url in (
        reverse("person_add"),
        reverse("person_edit", args=[world.member.pk]),
        reverse("person_deactivate", args=[world.member.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["member", "facilitator", "outsider"])
def test_members_cannot_open_the_directory(world, login, persona):
    client = login(getattr(world, persona))
    for _method, url, _data in _pages(world):
        assert client.get(url).status_code == 404, url


def test_another_organisations_admin_sees_nobody_from_here(world, login):
    client = login(world.other_admin)
    page = client.get(reverse("people_directory")).content.decode()
    assert world.member.full_name not in page
    assert client.get(reverse("person_detail", args=[world.member.pk])).status_code == 404
    response = client.post(reverse("person_role", args=[world.member.pk]), {"role": "admin"})
    assert response.status_code == 404
    world.member.refresh_from_db()
    assert world.member.role == Role.MEMBER


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for _method, url, _data in _pages(world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("person_role", {"role": "admin"}),
        ("person_deactivate", {}),
        ("person_edit", {"full_name": "Hacked", "email": "h@x.example", "level": 1}),
    ],
)
def test_valid_writes_by_people_without_the_right_change_nothing(world, login, url_name, data):
    url = reverse(url_name, args=[world.member.pk])
    before = Person.objects.filter(pk=world.member.pk).values().get()
    for persona in ("lead", "member", "outsider", "other_admin"):
        assert login(getattr(world, persona)).post(url, data).status_code == 404, persona
    assert Person.objects.filter(pk=world.member.pk).values().get() == before


def test_the_directory_shows_no_circle_content(world, login):
    client = login(world.admin)
    for _method, url, _data in _pages(world):
        body = client.get(url).content.decode()
        for secret in (SECRET_CASE, SECRET_NOTE, SECRET_ACTION):
            assert secret not in body, url


def test_search_by_name_email_or_employee_id_ignoring_case(world, login):
    person_update(person=world.peer, employee_id="E-4711")
    client = login(world.admin)

    def names(**query):
        response = client.get(reverse("people_directory"), query)
        return [entry["person"].full_name for entry in response.context["entries"]]

    assert names(q="pat peer") == ["Pat Peer"]
    assert names(q=world.peer.email.upper()) == ["Pat Peer"]
    assert names(q="E-4711") == ["Pat Peer"]
    assert names(q="nobody-like-this") == []


def test_filters_combine_and_keep_through_the_pages(login):
    organisation = make_org()
    admin = make_person(organisation, "Ada Admin", role=Role.ADMIN, department="IT")
    for number in range(60):
        make_person(
            organisation,
            f"Sales {number:02d}",
            login=False,
            department="Sales",
            location="Lyon" if number % 2 else "Oslo",
            level=3,
        )
    client = login(admin)
    first = client.get(reverse("people_directory"), {"department": "Sales", "location": "Lyon"})
    assert first.context["page"].paginator.count == 30
    assert {e["person"].location for e in first.context["entries"]} == {"Lyon"}
    by_level = client.get(reverse("people_directory"), {"level": 3, "login": "no"})
    assert by_level.context["page"].paginator.count == 60
    paged = client.get(reverse("people_directory"), {"department": "Sales", "sort": "-name"})
    body = paged.content.decode()
    assert "department=Sales" in body
    assert "page=2" in body
    second = client.get(
        reverse("people_directory"), {"department": "Sales", "sort": "-name", "page": 2}
    )
    assert [e["person"].full_name for e in second.context["entries"]][:2] == [
        "Sales 09",
        "Sales 08",
    ]
    leavers = client.get(reverse("people_directory"), {"status": "inactive"})
    assert leavers.context["page"].paginator.count == 0


def test_bad_filter_values_are_explained_and_ignored(world, login):
    response = login(world.admin).get(
        reverse("people_directory"),
        {"level": "99999999999999999999999", "role": "king", "q": "\x00"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Some filters were not understood" in body
    assert response.context["page"].paginator.count >= 1


def test_in_a_circle_and_can_sign_in_filters(world, login):
    client = login(world.admin)
    in_circle = client.get(reverse("people_directory"), {"in_circle": "yes"}).context["page"]
    names = {p.full_name for p in in_circle.object_list}
    assert {"Maya Member", "Olga Outsider"} <= names
    assert "Adam Admin" not in names
    fresh = make_person(world.org, "Nick Nologin", login=False)
    no_login = client.get(reverse("people_directory"), {"login": "no"}).context["page"]
    assert [p.pk for p in no_login.object_list] == [fresh.pk]


def test_the_directory_costs_the_same_queries_for_few_or_many_people(login):
    organisation = make_org()
    admin = make_person(organisation, role=Role.ADMIN)
    client = login(admin)
    url = reverse("people_directory")
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    programme = make_programme(organisation, [admin])
    people = [make_person(organisation, department=f"D{n % 7}") for n in range(60)]
    make_circle(programme, people[:6])
    for number in range(10):
        newcomer = make_person(organisation, f"New {number}", login=False, location="Berlin")
        invitation_send(person=newcomer, invited_by=admin, deliver=False)
    assert count() == few


def test_an_admin_adds_a_person_and_invites_them(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("person_add"),
        {
            "full_name": "Nora New",
            "email": "Nora.New@Acme.example",
            "level": 4,
            "time_zone": "Europe/Berlin",
            "work_starts_at": "08:00",
            "work_ends_at": "16:30",
            "manager": world.lead.email.upper(),
            "languages": "German, English",
            "role": "member",
            "invite": "on",
        },
    )
    nora = Person.objects.get(email="nora.new@acme.example")
    assert response["Location"] == reverse("person_detail", args=[nora.pk])
    assert nora.manager == world.lead
    assert nora.languages == ["German", "English"]
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["Nora New <nora.new@acme.example>"]]
    page = client.get(reverse("person_detail", args=[nora.pk])).content.decode()
    assert "invited" in page
    assert "Send the invitation again" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"work_starts_at": "18:00", "work_ends_at": "09:00"}, "end after they start"),
        ({"manager": "nobody@nowhere.example"}, "Nobody in the organisation"),
        ({"time_zone": "Atlantis/Capital"}, "Select a valid choice"),
        ({"start_date": "9999-12-31"}, "Choose a date between 1 Jan 1900 and"),
        ({"email": "not an email"}, "valid email"),
    ],
)
def test_an_edit_with_a_bad_value_shows_the_error_and_saves_nothing(world, login, changes, message):
    client = login(world.admin)
    url = reverse("person_edit", args=[world.member.pk])
    data = {
        "full_name": world.member.full_name,
        "email": world.member.email,
        "level": world.member.level,
        "time_zone": world.member.time_zone,
        "work_starts_at": "09:00",
        "work_ends_at": "17:00",
        **changes,
    }
    before = Person.objects.filter(pk=world.member.pk).values().get()
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.filter(pk=world.member.pk).values().get() == before


def test_a_manager_cycle_is_refused_on_the_edit_page(world, login):
    person_update(person=world.peer, manager=world.member)
    client = login(world.admin)
    data = {
        "full_name": world.member.full_name,
        "email": world.member.email,
        "level": 1,
        "time_zone": "UTC",
        "work_starts_at": "09:00",
        "work_ends_at": "17:00",
        "manager": world.peer.email,
    }
    response = client.post(reverse("person_edit", args=[world.member.pk]), data)
    assert response.status_code == 400
    assert "reports to" in response.content.decode()


def test_an_admin_marks_someone_as_left_after_confirming_and_can_bring_them_back(world, login):
    client = login(world.admin)
    url = reverse("person_deactivate", args=[world.member.pk])
    confirm = client.get(url).content.decode()
    assert "Aspen" in confirm
    assert "Yes, mark as left" in confirm
    world.member.refresh_from_db()
    assert world.member.is_active
    client.post(url)
    world.member.refresh_from_db()
    assert not world.member.is_active
    assert not world.circle.memberships.filter(person=world.member, left_on=None).exists()
    client.post(reverse("person_reactivate", args=[world.member.pk]))
    world.member.refresh_from_db()
    assert world.member.is_active


def test_an_admin_changes_roles_and_programme_leads(world, login):
    client = login(world.admin)
    client.post(reverse("person_role", args=[world.member.pk]), {"role": "admin"})
    world.member.refresh_from_db()
    assert world.member.role == Role.ADMIN
    client.post(reverse("person_lead", args=[world.peer.pk]), {"programme": world.programme.pk})
    world.peer.refresh_from_db()
    assert world.peer.role == Role.LEAD
    assert world.programme.leads.filter(pk=world.peer.pk).exists()
    client.post(
        reverse("person_lead", args=[world.peer.pk]),
        {"programme": world.programme.pk, "remove": "1"},
    )
    assert not world.programme.leads.filter(pk=world.peer.pk).exists()
    refused = client.post(reverse("person_role", args=[world.member.pk]), {"role": "emperor"})
    assert refused.status_code == 302
    world.member.refresh_from_db()
    assert world.member.role == Role.ADMIN


def test_the_last_admin_cannot_remove_their_own_rights_through_another_admin(world, login):
    client = login(world.admin)
    response = client.post(reverse("person_role", args=[world.admin.pk]), {"role": "member"})
    assert response.status_code == 302
    world.admin.refresh_from_db()
    assert world.admin.role == Role.ADMIN


def test_inviting_ticked_people_and_everyone_matching(world, login):
    fresh = [make_person(world.org, f"Fresh {n}", login=False, department="Ops") for n in range(3)]
    client = login(world.lead)
    response = client.post(reverse("people_invite"), {"people": [fresh[0].pk, world.member.pk]})
    assert response.status_code == 302
    assert Invitation.objects.filter(person=fresh[0]).exists()
    assert not Invitation.objects.filter(person=world.member).exists()
    everyone = client.post(reverse("people_invite") + "?department=Ops", {"everyone_matching": "1"})
    assert everyone.status_code == 302
    assert Invitation.objects.filter(person__in=fresh).count() == 3
    # Everyone never invited gets one email; the person invited a moment ago is not resent.
    assert Invitation.objects.get(person=fresh[0]).send_count == 1
    run_pending_tasks()
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("value", ["-1", "abc", str(2**64), "1" * 400])
def test_invite_refuses_ids_that_are_not_ids(world, login, value):
    response = login(world.admin).post(reverse("people_invite"), {"people": [value]})
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_invitations_only_reach_people_of_the_same_organisation(world, login):
    stranger = make_person(make_org(), login=False)
    login(world.admin).post(reverse("people_invite"), {"people": [stranger.pk]})
    assert not Invitation.objects.filter(person=stranger).exists()


def test_the_department_and_location_menus_are_kept_a_minute_per_process(world, settings):
    from django.core.cache import cache

    from circles.orgs.people.selectors import attribute_values
    from circles.testing import make_person

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    org = world.admin.organisation
    before = attribute_values(org.pk, "department")
    make_person(org, "Newcomer", department="A department nobody had")
    assert attribute_values(org.pk, "department") == before
    cache.clear()
    assert "A department nobody had" in attribute_values(org.pk, "department")
