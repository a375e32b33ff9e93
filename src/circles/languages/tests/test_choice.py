"""Which language a page speaks, and the one-click switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from circles.languages.selection import chosen_language, language_of
from circles.orgs.models import Organisation, Person
from circles.testing import World, make_org, make_person

pytestmark = pytest.mark.django_db


def content_language(client: Client, path: str = "/", **headers: str) -> str:
    response = client.get(path, headers=headers)
    return response["Content-Language"]


def test_a_browser_with_no_choice_gets_its_own_language(client: Client) -> None:
    assert content_language(client, "/accounts/login/", accept_language="fr-CA,fr;q=0.9") == "fr"
    assert content_language(client, "/accounts/login/", accept_language="ja") == "en"


def test_the_sign_in_page_is_marked_with_its_language_and_direction(client: Client) -> None:
    page = client.get("/accounts/login/", headers={"accept-language": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    page = client.get("/accounts/login/", headers={"accept-language": "de"}).content.decode()
    assert '<html lang="de" dir="ltr">' in page


def test_a_persons_choice_beats_the_organisation_and_the_browser(world: World, login) -> None:
    world.org.language = "es"
    world.org.save()
    client = login(world.member)
    assert content_language(client, accept_language="fr") == "es"
    world.member.preferred_language = "de"
    world.member.save()
    assert content_language(client, accept_language="fr") == "de"


def test_without_any_choice_the_browser_decides_for_a_signed_in_person(world: World, login) -> None:
    client = login(world.member)
    assert content_language(client, accept_language="ar") == "ar"


def test_emails_fall_back_to_the_organisation_then_english() -> None:
    org = make_org()
    person = make_person(org, login=False)
    assert language_of(person) == "en"
    assert chosen_language(person) == ""
    org.language = "fr"
    org.save()
    person.refresh_from_db()
    assert language_of(person) == "fr"
    person.preferred_language = "ar"
    assert language_of(person) == "ar"


def test_the_switch_stores_a_signed_in_persons_choice(world: World, login) -> None:
    client = login(world.member)
    response = client.post(reverse("choose_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    world.member.refresh_from_db()
    assert world.member.preferred_language == "fr"
    assert content_language(client) == "fr"


def test_the_switch_works_before_signing_in_with_a_cookie(client: Client) -> None:
    response = client.post(
        reverse("choose_language"), {"language": "de", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    assert content_language(client, "/accounts/login/", accept_language="fr") == "de"


def test_an_unknown_language_or_a_foreign_next_changes_nothing(world: World, login) -> None:
    client = login(world.member)
    response = client.post(reverse("choose_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.preferred_language == ""
    response = client.post(
        reverse("choose_language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    # A form address opened in the browser goes to a page (never a bare 405).
    assert client.get(reverse("choose_language")).status_code == 303


def test_a_person_chooses_their_language_on_the_account_page(world: World, login) -> None:
    client = login(world.member)
    page = client.get(reverse("account_settings")).content.decode()
    assert 'action="/language/mine/"' in page
    assert 'action="/language/organisation/"' not in page
    response = client.post(reverse("person_language"), {"language": "es"}, follow=True)
    world.member.refresh_from_db()
    assert world.member.preferred_language == "es"
    assert response["Content-Language"] == "es"
    # Back to the organisation's language.
    client.post(reverse("person_language"), {"language": ""})
    world.member.refresh_from_db()
    assert world.member.preferred_language == ""


def test_only_an_admin_sets_the_organisations_language(world: World, login) -> None:
    for persona in (world.member, world.lead, world.facilitator):
        response = login(persona).post(reverse("organisation_language"), {"language": "de"})
        assert response.status_code == 404
    # Another organisation's admin sets only their own organisation's language.
    login(world.other_admin).post(reverse("organisation_language"), {"language": "ar"})
    world.org.refresh_from_db()
    assert world.org.language == ""
    assert Organisation.objects.get(pk=world.other_admin.organisation_id).language == "ar"
    client = login(world.admin)
    assert (
        'action="/language/organisation/"'
        in client.get(reverse("account_settings")).content.decode()
    )
    client.post(reverse("organisation_language"), {"language": "de"})
    world.org.refresh_from_db()
    assert world.org.language == "de"
    # Its people who chose nothing now read German, emails included.
    assert language_of(Person.objects.get(pk=world.member.pk)) == "de"


def test_a_language_not_offered_is_refused_and_changes_nothing(world: World, login) -> None:
    client = login(world.admin)
    client.post(reverse("organisation_language"), {"language": "tlh"})
    client.post(reverse("person_language"), {"language": "tlh"})
    world.org.refresh_from_db()
    world.admin.refresh_from_db()
    assert world.org.language == ""
    assert world.admin.preferred_language == ""
