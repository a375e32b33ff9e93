"""Sign-in settings: an organisation admin switches password sign-in and single sign-on rules."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from circles.lib.errors import DomainError
from circles.orgs.models import Organisation
from circles.orgs.services import organisation_sign_in_update
from circles.testing import make_org

pytestmark = pytest.mark.django_db

URL = "organisation_sign_in"


@pytest.fixture
def sso_configured(settings):
    settings.CIRCLES_OIDC_ISSUER = "https://id.example.com"
    settings.OIDC_RP_CLIENT_ID = "circles"
    return settings


@pytest.fixture
def sso_off(settings):
    settings.CIRCLES_OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = ""
    return settings


def snapshot(organisation: Organisation) -> tuple[bool, bool, list[str]]:
    organisation.refresh_from_db()
    return (
        organisation.password_sign_in,
        organisation.sso_creates_people,
        organisation.email_domains,
    )


# The service ---------------------------------------------------------------------------------


def test_settings_are_saved_with_domains_cleaned(sso_configured):
    organisation = make_org()
    organisation_sign_in_update(
        organisation=organisation,
        password_sign_in=False,
        sso_creates_people=True,
        email_domains=[" Acme.TEST ", "@acme.test", "eu.acme.test", ""],
    )
    assert snapshot(organisation) == (False, True, ["acme.test", "eu.acme.test"])


def test_password_sign_in_cannot_be_switched_off_without_single_sign_on(sso_off):
    organisation = make_org()
    with pytest.raises(DomainError) as caught:
        organisation_sign_in_update(
            organisation=organisation,
            password_sign_in=False,
            sso_creates_people=False,
            email_domains=[],
        )
    assert caught.value.field == "password_sign_in"
    assert snapshot(organisation) == (True, False, [])


def test_a_domain_of_another_organisation_is_refused_without_naming_it(sso_configured):
    other = make_org("Globex")
    organisation_sign_in_update(
        organisation=other,
        password_sign_in=True,
        sso_creates_people=False,
        email_domains=["g.test"],
    )
    organisation = make_org()
    with pytest.raises(DomainError) as caught:
        organisation_sign_in_update(
            organisation=organisation,
            password_sign_in=True,
            sso_creates_people=False,
            email_domains=["mine.test", "G.test"],
        )
    assert "g.test already belongs to another organisation" in caught.value.message
    assert "Globex" not in caught.value.message
    assert snapshot(organisation) == (True, False, [])


def test_creating_people_at_sign_on_needs_domains_when_there_are_several_organisations(
    sso_configured,
):
    organisation = make_org()
    make_org()
    with pytest.raises(DomainError) as caught:
        organisation_sign_in_update(
            organisation=organisation,
            password_sign_in=True,
            sso_creates_people=True,
            email_domains=[],
        )
    assert caught.value.field == "email_domains"


@hypothesis_settings(max_examples=60, deadline=None)
@given(raw=st.text(max_size=40))
def test_any_domain_text_is_saved_cleaned_or_refused_with_a_message(raw):
    organisation = Organisation.objects.get_or_create(slug="hypo", defaults={"name": "Hypo"})[0]
    before = snapshot(organisation)
    refused: DomainError | None = None
    try:
        organisation_sign_in_update(
            organisation=organisation,
            password_sign_in=True,
            sso_creates_people=False,
            email_domains=[raw],
        )
    except DomainError as error:
        refused = error
    if refused is not None:
        assert refused.field == "email_domains"
        assert snapshot(organisation) == before
    else:
        domains = snapshot(organisation)[2]
        assert all(domain == domain.strip().lower() and "@" not in domain for domain in domains)


# The page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "facilitator", "lead"])
def test_only_organisation_admins_open_sign_in_settings(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse(URL)).status_code == 404
    response = client.post(reverse(URL), {"email_domains": "taken.test"})
    assert response.status_code == 404
    assert snapshot(world.org) == (True, False, [])


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_admin_sees_the_settings_and_the_redirect_address(world, login, sso_configured):
    response = login(world.admin).get(reverse(URL))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign-in settings" in page
    assert "https://id.example.com" in page
    assert "/oidc/callback/" in page
    assert 'name="password_sign_in"' in page


@pytest.mark.parametrize("page", ["programme_index", "people_directory"])
def test_the_people_and_programme_pages_link_admins_to_sign_in_settings(world, login, page):
    assert reverse(URL) in login(world.admin).get(reverse(page)).content.decode()
    assert reverse(URL) not in login(world.lead).get(reverse(page)).content.decode()


def test_an_admin_switches_off_password_sign_in_and_allows_sign_on_to_add_people(
    world, login, sso_configured
):
    response = login(world.admin).post(
        reverse(URL), {"sso_creates_people": "on", "email_domains": "acme.test, ACME.example"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(URL)
    assert snapshot(world.org) == (False, True, ["acme.test", "acme.example"])


def test_a_refused_change_shows_the_error_on_its_field_and_saves_nothing(world, login, sso_off):
    response = login(world.admin).post(reverse(URL), {"email_domains": "acme.test"})
    assert response.status_code == 400
    assert "would lock everyone out" in response.content.decode()
    assert snapshot(world.org) == (True, False, [])
    response = login(world.admin).post(
        reverse(URL), {"password_sign_in": "on", "email_domains": "not a domain!"}
    )
    assert response.status_code == 400
    assert "is not an email domain" in response.content.decode()


def test_another_organisations_admin_changes_only_their_own_organisation(
    world, login, sso_configured
):
    response = login(world.other_admin).post(
        reverse(URL), {"password_sign_in": "on", "email_domains": "other.test"}
    )
    assert response.status_code == 302
    assert snapshot(world.org) == (True, False, [])
    assert snapshot(world.other_admin.organisation) == (True, False, ["other.test"])
