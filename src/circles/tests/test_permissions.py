"""Every URL against every persona: circle content is for current members only, and a page of
a circle you do not belong to answers 404, so its existence is not revealed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE, World

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
CIRCLE_MEMBERS = {"member", "facilitator"}
PROGRAMME_MANAGERS = {"lead", "admin"}


def circle_pages(w: World) -> list[str]:
    return [
        reverse("circle_detail", args=[w.circle.pk]),
        reverse("meeting_detail", args=[w.past_meeting.pk]),
        reverse("meeting_detail", args=[w.next_meeting.pk]),
    ]


def circle_posts(w: World) -> list[tuple[str, dict[str, str]]]:
    meeting = w.next_meeting.pk
    return [
        (reverse("case_create", args=[meeting]), {}),
        (reverse("note_create", args=[meeting]), {}),
        (reverse("attendance_update", args=[meeting]), {}),
        (reverse("commitment_create", args=[meeting]), {}),
        (reverse("follow_up_create", args=[meeting, w.commitment.pk]), {}),
    ]


def programme_pages(w: World) -> list[str]:
    return [
        reverse("programme_detail", args=[w.programme.pk]),
        reverse("circle_create", args=[w.programme.pk]),
    ]


MANAGEMENT_PAGES = ["programme_index", "programme_create"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_circle_pages_answer_members_and_hide_from_everyone_else(world, login, persona):
    client = login(getattr(world, persona))
    for url in circle_pages(world):
        response = client.get(url)
        expected = 200 if persona in CIRCLE_MEMBERS else 404
        assert response.status_code == expected, (persona, url)
        if expected == 404:
            body = response.content.decode()
            assert SECRET_CASE not in body
            assert SECRET_NOTE not in body
            assert world.circle.name not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_circle_writes_are_refused_to_non_members_with_404(world, login, persona):
    client = login(getattr(world, persona))
    for url, data in circle_posts(world):
        response = client.post(url, data)
        if persona in CIRCLE_MEMBERS:
            # Members reach the form: empty data is either refused (400) or a no-op (302).
            assert response.status_code in {302, 400}, (persona, url)
        else:
            assert response.status_code == 404, (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_programme_pages_are_for_its_leads_and_admins(world, login, persona):
    client = login(getattr(world, persona))
    for url in programme_pages(world):
        response = client.get(url)
        expected = 200 if persona in PROGRAMME_MANAGERS else 404
        assert response.status_code == expected, (persona, url)
        if persona == "other_admin":
            assert world.programme.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_programme_management_is_for_leads_and_admins_of_any_organisation(world, login, persona):
    client = login(getattr(world, persona))
    for name in MANAGEMENT_PAGES:
        response = client.get(reverse(name))
        expected = 200 if persona in PROGRAMME_MANAGERS | {"other_admin"} else 404
        assert response.status_code == expected, (persona, name)
    if persona == "other_admin":
        listing = client.get(reverse("programme_index")).content.decode()
        assert world.programme.name not in listing


def test_programme_page_shows_members_but_no_confidential_content(world, login):
    body = login(world.lead).get(reverse("programme_detail", args=[world.programme.pk]))
    text = body.content.decode()
    assert "Maya Member" in text
    for secret in (SECRET_CASE, SECRET_NOTE, SECRET_ACTION):
        assert secret not in text


def test_a_lead_of_another_programme_cannot_open_this_one(world, login):
    from circles.testing import make_person, make_programme

    other_lead = make_person(world.org, role="lead")
    make_programme(world.org, [other_lead])
    response = login(other_lead).get(reverse("programme_detail", args=[world.programme.pk]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(world, client):
    urls = circle_pages(world) + programme_pages(world) + [reverse("home")]
    urls += [reverse(name) for name in MANAGEMENT_PAGES]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    for url, data in circle_posts(world):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_a_member_who_left_loses_access_at_once(world, login):
    from circles.groups.services import membership_end

    membership = world.circle.memberships.get(person=world.member)
    client = login(world.member)
    url = reverse("meeting_detail", args=[world.past_meeting.pk])
    assert client.get(url).status_code == 200
    membership_end(membership=membership)
    assert client.get(url).status_code == 404
    assert client.get(reverse("circle_detail", args=[world.circle.pk])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert SECRET_ACTION not in home
    assert "Aspen" not in home


def test_a_login_without_a_person_sees_no_content(world, client):
    from circles.accounts.models import User

    operator = User.objects.create_user(email="ops@example.com", password="x-long-password")
    client.force_login(operator)
    home = client.get(reverse("home"))
    assert home.status_code == 403
    assert "no profile in an organisation" in home.content.decode()
    meeting = client.get(reverse("meeting_detail", args=[world.past_meeting.pk]))
    assert meeting.status_code == 403
    assert SECRET_NOTE not in meeting.content.decode()


def test_home_is_open_to_every_signed_in_person(world, login):
    for persona in PERSONAS:
        assert login(getattr(world, persona)).get(reverse("home")).status_code == 200


def test_a_commitment_of_another_circle_cannot_be_followed_up_through_this_meeting(world, login):
    from circles.testing import schedule

    other_past = schedule(world.other_circle, days=-7)
    from circles.growth.commitments.services import commitment_create

    foreign = commitment_create(
        meeting=other_past,
        owner=world.outsider,
        recorded_by=world.outsider,
        action="Something private",
        due_on=other_past.starts_at.date(),
    )
    url = reverse("follow_up_create", args=[world.next_meeting.pk, foreign.pk])
    response = login(world.member).post(url, {f"fu{foreign.pk}-outcome": "done"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_admin_site_is_closed_to_people_without_staff_rights(world, login):
    response = login(world.admin).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    page = login(world.admin).get(response["Location"])
    assert page.status_code == 403
    assert "This part is for operators" in page.content.decode()
    assert "createsuperuser" in page.content.decode()
