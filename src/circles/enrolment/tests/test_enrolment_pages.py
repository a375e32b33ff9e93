"""The enrolment pages: who reaches which, and the lead's and member's journeys through them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.enrolment import services
from circles.enrolment.models import Enrolment, EnrolmentSettings
from circles.testing import make_person

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
MANAGERS = {"lead", "admin"}


def lead_urls(programme) -> dict[str, list[str]]:
    p = programme.pk
    return {
        "get": [reverse("enrolment_manage", args=[p]), reverse("enrolment_invite", args=[p])],
        "post": [
            reverse("enrolment_open", args=[p]),
            reverse("enrolment_close", args=[p]),
            reverse("enrolment_link_renew", args=[p]),
            reverse("enrolment_invite", args=[p]),
            reverse("enrolment_manage", args=[p]),
        ],
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_programmes_leads_and_admins_reach_the_lead_pages(pilot, login, persona):
    client = login(getattr(pilot.world, persona))
    urls = lead_urls(pilot.programme)
    for url in urls["get"]:
        assert client.get(url).status_code == (200 if persona in MANAGERS else 404), url
    if persona not in MANAGERS:
        for url in urls["post"]:
            assert client.post(url, {"audience": "invited"}).status_code == 404, url
        found = EnrolmentSettings.objects.get(programme=pilot.programme)
        assert found.status == "open"
        assert found.audience == "everyone"


def test_a_lead_of_another_programme_does_not_reach_its_enrolment(pilot, login):
    from circles.orgs.models import Role

    other_lead = make_person(pilot.world.org, role=Role.LEAD)
    client = login(other_lead)
    for url in lead_urls(pilot.programme)["get"]:
        assert client.get(url).status_code == 404


def member_urls(programme) -> list[str]:
    p = programme.pk
    return [
        reverse("enrolment_page", args=[p]),
        reverse("enrolment_withdraw", args=[p]),
        reverse("enrolment_decline", args=[p]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(pilot, client):
    found = EnrolmentSettings.objects.get(programme=pilot.programme)
    urls = [
        *lead_urls(pilot.programme)["get"],
        *member_urls(pilot.programme),
        reverse("enrolment_link", args=[found.link_token]),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        # A form-only address sends on to its page first; every page asks to sign in.
        assert response.redirect_chain, url
        assert "/accounts/login/" in response.redirect_chain[-1][0], url


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_in_the_organisation_sees_a_programme_open_to_everyone(pilot, login, persona):
    client = login(getattr(pilot.world, persona))
    response = client.get(reverse("enrolment_page", args=[pilot.programme.pk]))
    expected = 404 if persona == "other_admin" else 200
    assert response.status_code == expected
    if expected == 200:
        assert pilot.programme.purpose in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_invite_only_programme_is_seen_by_invited_people_only(pilot, login, persona):
    services.enrolment_configure(programme=pilot.programme, by=pilot.world.lead, audience="invited")
    services.enrolment_invite(
        programme=pilot.programme, people=[pilot.world.member], invited_by=pilot.world.lead
    )
    client = login(getattr(pilot.world, persona))
    url = reverse("enrolment_page", args=[pilot.programme.pk])
    assert client.get(url).status_code == (200 if persona == "member" else 404)
    if persona != "member":
        assert client.post(url, {}).status_code == 404
        for name in ("enrolment_decline", "enrolment_withdraw"):
            assert client.post(reverse(name, args=[pilot.programme.pk])).status_code == 404
        assert not Enrolment.objects.filter(person=getattr(pilot.world, persona)).exists()


def test_a_member_enrols_through_the_page_with_a_profile(pilot, login):
    client = login(pilot.chooser)
    url = reverse("enrolment_page", args=[pilot.programme.pk])
    response = client.post(
        url,
        {
            "development_interests": "giving feedback, leading change",
            "languages": "English",
            "meeting_times": ["tue-morning", "thu-afternoon"],
            "avoid": pilot.avoided.full_name,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "You are enrolled" in response.content.decode()
    enrolment = Enrolment.objects.get(programme=pilot.programme, person=pilot.chooser)
    assert enrolment.status == "enrolled"
    assert enrolment.development_interests == ["giving feedback", "leading change"]
    assert enrolment.meeting_times == ["tue-morning", "thu-afternoon"]
    assert list(enrolment.avoid.all()) == [pilot.avoided]
    # Back on their own form, the owner sees their own choice.
    assert pilot.avoided.email in client.get(url).content.decode()


def test_bad_profile_input_is_a_clear_error_and_saves_nothing(pilot, login):
    client = login(pilot.chooser)
    url = reverse("enrolment_page", args=[pilot.programme.pk])
    for data in [
        {"avoid": "Nobody Of That Name"},
        {"avoid": pilot.chooser.email},
        {"meeting_times": ["sat-morning"]},
        {"development_interests": "x" * 900},
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert (
            'class="error"' in response.content.decode()
            or "form-errors" in response.content.decode()
        )
    assert not Enrolment.objects.filter(person=pilot.chooser).exists()


def test_a_member_withdraws_and_declines_through_the_pages(pilot, login):
    client = login(pilot.chooser)
    p = pilot.programme.pk
    client.post(reverse("enrolment_page", args=[p]), {})
    response = client.post(reverse("enrolment_withdraw", args=[p]), follow=True)
    assert "You have withdrawn" in response.content.decode()
    assert Enrolment.objects.get(person=pilot.chooser).status == "withdrawn"
    response = client.post(reverse("enrolment_withdraw", args=[p]), follow=True)
    assert "not enrolled" in response.content.decode()
    other = login(pilot.avoided)
    other.post(reverse("enrolment_decline", args=[p]))
    assert Enrolment.objects.get(person=pilot.avoided).status == "declined"


def test_the_link_takes_anyone_in_the_organisation_to_the_enrolment_page(pilot, login):
    found = EnrolmentSettings.objects.get(programme=pilot.programme)
    client = login(pilot.chooser)
    response = client.get(reverse("enrolment_link", args=[found.link_token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("enrolment_page", args=[pilot.programme.pk])
    assert client.get(reverse("enrolment_link", args=["not-a-token"])).status_code == 404
    outsider = login(pilot.world.other_admin)
    assert outsider.get(reverse("enrolment_link", args=[found.link_token])).status_code == 404


def test_a_new_link_retires_the_old_one(pilot, login):
    old = EnrolmentSettings.objects.get(programme=pilot.programme).link_token
    lead = login(pilot.world.lead)
    lead.post(reverse("enrolment_link_renew", args=[pilot.programme.pk]))
    new = EnrolmentSettings.objects.get(programme=pilot.programme).link_token
    assert new != old
    client = login(pilot.chooser)
    assert client.get(reverse("enrolment_link", args=[old])).status_code == 404
    assert client.get(reverse("enrolment_link", args=[new])).status_code == 302


def test_the_home_page_shows_the_invitation_card(pilot, login):
    client = login(pilot.chooser)
    body = client.get(reverse("home")).content.decode()
    # The programme's name is isolated for right-to-left pages.
    assert f"Invitation to join <bdi>{pilot.programme.name}</bdi>" in body
    services.enrol(programme=pilot.programme, person=pilot.chooser)
    body = client.get(reverse("home")).content.decode()
    assert f"You are enrolled in <bdi>{pilot.programme.name}</bdi>" in body
    services.enrolment_close(programme=pilot.programme, by=pilot.world.lead)
    assert (
        f"You are enrolled in <bdi>{pilot.programme.name}</bdi>"
        in client.get(reverse("home")).content.decode()
    )


def test_the_lead_opens_configures_and_closes_enrolment_through_the_pages(world, login):
    client = login(world.lead)
    p = world.programme.pk
    response = client.post(
        reverse("enrolment_manage", args=[p]),
        {"audience": "everyone", "capacity": "12"},
        follow=True,
    )
    assert "Enrolment settings saved" in response.content.decode()
    client.post(reverse("enrolment_open", args=[p]))
    found = EnrolmentSettings.objects.get(programme=world.programme)
    assert (found.status, found.audience, found.capacity) == ("open", "everyone", 12)
    body = client.get(reverse("enrolment_manage", args=[p])).content.decode()
    assert found.link_token in body
    client.post(reverse("enrolment_close", args=[p]))
    found.refresh_from_db()
    assert found.status == "closed"
    response = client.post(reverse("enrolment_close", args=[p]), follow=True)
    assert "not open" in response.content.decode()


def test_bad_settings_are_refused_with_a_message(pilot, login):
    client = login(pilot.world.lead)
    url = reverse("enrolment_manage", args=[pilot.programme.pk])
    for data in [
        {"audience": "nobody"},
        {"audience": "everyone", "capacity": "0"},
        {"audience": "everyone", "opens_on": "2030-02-01", "closes_on": "2030-01-01"},
        {"audience": "directory"},
        {"audience": "everyone", "opens_on": "not a date"},
        {"audience": "everyone", "closes_on": "9999-12-31"},
    ]:
        assert client.post(url, data).status_code == 400, data
    found = EnrolmentSettings.objects.get(programme=pilot.programme)
    assert found.audience == "everyone"
    assert found.capacity is None


def test_the_lead_sees_who_answered_with_their_public_profile(pilot, login):
    services.enrol(
        programme=pilot.programme,
        person=pilot.chooser,
        development_interests=["negotiation"],
        meeting_times=["wed-midday"],
    )
    client = login(pilot.world.lead)
    url = reverse("enrolment_manage", args=[pilot.programme.pk])
    body = client.get(url).content.decode()
    assert pilot.chooser.full_name in body
    assert "negotiation" in body
    assert "Wednesday midday" in body
    assert pilot.chooser.full_name not in client.get(url + "?status=withdrawn").content.decode()
    assert client.get(url + "?status=nonsense&page=x").status_code == 200


def test_the_lead_invites_from_the_directory_and_by_pasted_addresses(pilot, login):
    client = login(pilot.world.lead)
    url = reverse("enrolment_invite", args=[pilot.programme.pk])
    body = client.get(url + "?department=IT").content.decode()
    assert "Colleague 2" in body
    assert pilot.chooser.full_name not in body
    response = client.post(url + "?department=IT", {"action": "all"}, follow=True)
    assert "4 invited" in response.content.decode()
    assert Enrolment.objects.filter(programme=pilot.programme, status="invited").count() == 4
    client.post(url, {"action": "selected", "selected": [str(pilot.chooser.pk)]})
    assert Enrolment.objects.get(person=pilot.chooser).status == "invited"
    response = client.post(url, {"emails": f"{pilot.avoided.email.upper()}, nobody@nowhere.test"})
    assert response.status_code == 400
    assert "nobody@nowhere.test" in response.content.decode()
    assert not Enrolment.objects.filter(person=pilot.avoided).exists()
    client.post(url, {"emails": pilot.avoided.email.upper()})
    assert Enrolment.objects.get(person=pilot.avoided).status == "invited"
    assert client.post(url, {"action": "selected", "selected": ["x"]}).status_code == 400
    huge = {"action": "selected", "selected": [str(2**70)]}
    assert client.post(url, huge).status_code == 400
    assert client.post(url, {"action": "selected"}).status_code == 400


def test_the_formation_page_offers_the_enrolled_people(pilot, login):
    services.enrol(programme=pilot.programme, person=pilot.chooser)
    client = login(pilot.world.lead)
    body = client.get(
        reverse("formation_new", args=[pilot.programme.pk]) + "?participants=enrolled"
    ).content.decode()
    assert "People who enrolled in this programme (1)" in body


def test_the_lead_page_costs_the_same_queries_however_many_answered(
    pilot, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(pilot.world.lead)
    url = reverse("enrolment_manage", args=[pilot.programme.pk])
    services.enrol(programme=pilot.programme, person=pilot.others[0], meeting_times=["mon-midday"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for person in [*pilot.others[1:], pilot.chooser, pilot.avoided]:
        services.enrol(programme=pilot.programme, person=person, meeting_times=["mon-midday"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
