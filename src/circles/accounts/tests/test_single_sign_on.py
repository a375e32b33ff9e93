"""Single sign-on: which login a verified address opens, and the pages around the protocol."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from circles.accounts import oidc
from circles.accounts.models import User
from circles.accounts.oidc import ProviderEndpoints, ProviderUnavailable, SignOnBackend
from circles.accounts.sign_on import SignOnRefused, sign_on
from circles.orgs.invitations.services import invitation_send
from circles.orgs.models import Invitation, Person, Role
from circles.orgs.people.services import person_create, person_deactivate
from circles.testing import PASSWORD, make_org, make_person

pytestmark = pytest.mark.django_db

ISSUER = "https://id.example.com"
ENDPOINTS = ProviderEndpoints(
    issuer=ISSUER,
    authorization_endpoint=f"{ISSUER}/authorize",
    token_endpoint=f"{ISSUER}/token",
    userinfo_endpoint=f"{ISSUER}/userinfo",
    jwks_uri=f"{ISSUER}/jwks",
)


def claims(email: str, *, verified: Any = True, **more: Any) -> dict[str, Any]:
    return {"sub": "subject-1", "email": email, "email_verified": verified, **more}


def refusal(**kwargs: Any) -> SignOnRefused:
    with pytest.raises(SignOnRefused) as caught:
        sign_on(**kwargs)
    return caught.value


# Which login a sign-on opens -------------------------------------------------------------------


def test_a_verified_address_opens_the_login_of_the_person_with_it_whatever_its_case():
    person = make_person(make_org())
    user = sign_on(claims=claims(f"  {person.email.upper()}"))
    assert user == person.user


def test_a_person_without_a_login_gets_one_with_no_password_at_first_sign_on():
    organisation = make_org()
    person = person_create(organisation=organisation, full_name="Ada Lovelace", email="ada@x.test")
    user = sign_on(claims=claims("Ada@X.test"))
    person.refresh_from_db()
    assert person.user == user
    assert user.email == "ada@x.test"
    assert not user.has_usable_password()


def test_an_address_the_provider_has_not_verified_opens_nothing():
    person = make_person(make_org(), login=False)
    for flag in (False, None, "false", "yes"):
        assert refusal(claims=claims(person.email, verified=flag)).reason == "unverified"
    person.refresh_from_db()
    assert person.user is None


def test_a_verified_flag_sent_as_text_counts():
    person = make_person(make_org())
    assert sign_on(claims=claims(person.email, verified="true")) == person.user


def test_someone_not_in_the_directory_is_refused_and_nothing_is_created():
    make_org()
    people, users = Person.objects.count(), User.objects.count()
    refused = refusal(claims=claims("nobody@x.test"))
    assert refused.reason == "unknown"
    assert "nobody@x.test is not in the people directory" in refused.message
    assert (Person.objects.count(), User.objects.count()) == (people, users)


def test_a_claim_without_an_email_is_refused():
    make_org()
    assert refusal(claims={"sub": "x", "email_verified": True}).reason == "no_email"
    assert refusal(claims=claims("not-an-address")).reason == "no_email"


def test_someone_not_in_the_directory_joins_as_a_member_when_the_organisation_allows_it():
    organisation = make_org()
    make_org()  # a second organisation: the domain decides where they land
    organisation.sso_creates_people = True
    organisation.email_domains = ["acme.test"]
    organisation.save()
    user = sign_on(claims=claims("New.Starter@Acme.test", name="New Starter"))
    person = Person.objects.get(user=user)
    assert person.organisation == organisation
    assert (person.email, person.full_name) == ("new.starter@acme.test", "New Starter")
    assert person.source == Person.Source.SSO
    assert person.role == Role.MEMBER
    assert not user.has_usable_password()


def test_the_only_organisation_without_domains_takes_people_created_at_sign_on():
    organisation = make_org()
    organisation.sso_creates_people = True
    organisation.save()
    user = sign_on(claims=claims("kim@anywhere.test", given_name="Kim", family_name="Lee"))
    person = Person.objects.get(user=user)
    assert (person.organisation, person.full_name) == (organisation, "Kim Lee")


def test_people_are_not_created_when_the_organisation_does_not_allow_it():
    organisation = make_org()
    organisation.email_domains = ["acme.test"]
    organisation.save()
    assert refusal(claims=claims("new@acme.test")).reason == "unknown"
    assert not Person.objects.filter(email="new@acme.test").exists()


def test_people_are_not_created_at_a_domain_no_organisation_lists():
    organisation = make_org()
    make_org()
    organisation.sso_creates_people = True
    organisation.email_domains = ["acme.test"]
    organisation.save()
    assert refusal(claims=claims("new@elsewhere.test")).reason == "unknown"


def test_someone_who_left_is_refused_whether_or_not_they_had_a_login():
    organisation = make_org()
    make_person(organisation, role=Role.ADMIN)
    with_login = make_person(organisation)
    without_login = make_person(organisation, login=False)
    person_deactivate(person=with_login)
    person_deactivate(person=without_login)
    for person in (with_login, without_login):
        refused = refusal(claims=claims(person.email))
        assert refused.reason == "left"
        assert organisation.name in refused.message
    without_login.refresh_from_db()
    assert without_login.user is None


def test_an_address_outside_the_allowed_domains_is_refused():
    person = make_person(make_org())
    refused = refusal(claims=claims(person.email), allowed_domains=["acme.test"])
    assert refused.reason == "domain"
    domain = person.email.split("@")[1]
    assert sign_on(claims=claims(person.email), allowed_domains=[domain]) == person.user


def test_an_operator_account_is_never_opened_by_single_sign_on():
    person = make_person(make_org())
    assert person.user is not None
    User.objects.filter(pk=person.user.pk).update(is_staff=True)
    assert refusal(claims=claims(person.email)).reason == "operator"
    User.objects.create_superuser(email="root@ops.test", password=PASSWORD)
    assert refusal(claims=claims("root@ops.test")).reason == "operator"


def test_a_login_without_a_profile_is_not_opened():
    make_org()
    User.objects.create_user(email="loose@x.test", password=PASSWORD)
    assert refusal(claims=claims("loose@x.test")).reason == "unknown"


def test_an_address_in_two_organisations_without_a_login_is_refused_as_ambiguous():
    for organisation in (make_org(), make_org()):
        person_create(organisation=organisation, full_name="Twin", email="twin@x.test")
    assert refusal(claims=claims("twin@x.test")).reason == "ambiguous"
    assert not User.objects.filter(email="twin@x.test").exists()


def test_password_sign_in_switched_off_still_allows_single_sign_on():
    organisation = make_org()
    person = make_person(organisation)
    organisation.password_sign_in = False
    organisation.save()
    assert sign_on(claims=claims(person.email)) == person.user


def test_signing_on_takes_up_a_pending_invitation():
    organisation = make_org()
    admin = make_person(organisation, role=Role.ADMIN)
    person = make_person(organisation, login=False)
    invitation_send(person=person, invited_by=admin, deliver=False)
    sign_on(claims=claims(person.email))
    invitation = Invitation.objects.get(person=person)
    assert invitation.accepted_at is not None


@hypothesis_settings(max_examples=40, deadline=None)
@given(email=st.emails(), verified=st.one_of(st.booleans(), st.none(), st.text(max_size=5)))
def test_any_claimed_address_either_opens_a_login_or_is_refused_cleanly(email, verified):
    # Nobody is in a directory here, so nothing may open; every refusal explains itself.
    with pytest.raises(SignOnRefused) as caught:
        sign_on(claims=claims(email, verified=verified))
    assert caught.value.message
    assert caught.value.advice


# Discovery ---------------------------------------------------------------------------------


def _document(**changes: Any) -> dict[str, Any]:
    return {
        "issuer": ISSUER,
        "authorization_endpoint": ENDPOINTS.authorization_endpoint,
        "token_endpoint": ENDPOINTS.token_endpoint,
        "userinfo_endpoint": ENDPOINTS.userinfo_endpoint,
        "jwks_uri": ENDPOINTS.jwks_uri,
        **changes,
    }


@pytest.fixture
def configured(settings):
    settings.CIRCLES_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "circles"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.CIRCLES_OIDC_EMAIL_DOMAINS = []
    oidc.provider_forget()
    yield settings
    oidc.provider_forget()


def test_endpoints_are_discovered_from_the_issuer_once_and_kept(configured):
    answer = mock.Mock(status_code=200, json=lambda: _document())
    answer.raise_for_status.return_value = None
    with mock.patch.object(oidc.requests, "get", return_value=answer) as get:
        assert oidc.provider_endpoints() == ENDPOINTS
        assert oidc.provider_endpoints() == ENDPOINTS
    get.assert_called_once()
    assert get.call_args.args[0] == f"{ISSUER}/.well-known/openid-configuration"


@pytest.mark.parametrize(
    "document",
    [_document(issuer="https://evil.example"), {"issuer": ISSUER}, ["not", "an", "object"]],
)
def test_a_discovery_document_for_another_issuer_or_incomplete_is_refused(configured, document):
    answer = mock.Mock(json=lambda: document)
    answer.raise_for_status.return_value = None
    with (
        mock.patch.object(oidc.requests, "get", return_value=answer),
        pytest.raises(ProviderUnavailable),
    ):
        oidc.provider_endpoints()


def test_an_unreachable_provider_is_reported_not_raised_raw(configured):
    with (
        mock.patch.object(oidc.requests, "get", side_effect=requests.ConnectionError("down")),
        pytest.raises(ProviderUnavailable),
    ):
        oidc.provider_endpoints()


def test_starting_the_app_never_contacts_the_provider(configured):
    with mock.patch.object(oidc.requests, "get") as get:
        SignOnBackend()
        oidc.SignOnStartView()
    get.assert_not_called()


# ID tokens ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _id_token(key: Any, **changes: Any) -> str:
    payload = {
        "iss": ISSUER,
        "aud": "circles",
        "sub": "subject-1",
        "nonce": "n-1",
        "iat": int(time.time()),
        "exp": int(time.time()) + 300,
        **changes,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "k1"})


def _verify(key: Any, token: str) -> dict[str, Any]:
    public = jwt.PyJWK.from_dict(
        {**jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": "k1"}
    )
    backend = SignOnBackend()
    with mock.patch.object(SignOnBackend, "retrieve_matching_jwk", return_value=public):
        return backend.verify_token(token, nonce="n-1")


def test_an_id_token_from_the_issuer_for_this_client_is_accepted(configured, signing_key):
    assert _verify(signing_key, _id_token(signing_key))["sub"] == "subject-1"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"aud": ["another-client", "third"]},
        {"nonce": "replayed"},
    ],
)
def test_an_id_token_from_elsewhere_for_another_client_or_replayed_is_refused(
    configured, signing_key, changes
):
    with pytest.raises(SuspiciousOperation):
        _verify(signing_key, _id_token(signing_key, **changes))


def test_an_id_token_signed_by_another_key_is_refused(configured, signing_key):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SuspiciousOperation):
        _verify(signing_key, _id_token(other))


def test_an_expired_id_token_is_refused(configured, signing_key):
    token = _id_token(signing_key, exp=int(time.time()) - 60, iat=int(time.time()) - 600)
    with pytest.raises(jwt.ExpiredSignatureError):
        _verify(signing_key, token)


# The pages ---------------------------------------------------------------------------------


def test_the_sign_in_page_offers_single_sign_on_only_when_it_is_configured(client, settings):
    settings.CIRCLES_OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = ""
    assert "Sign in with single sign-on" not in client.get(reverse("login")).content.decode()
    settings.CIRCLES_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "circles"
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with single sign-on" in page
    assert reverse("oidc_authentication_init") in page


def test_without_configuration_the_sign_on_pages_say_so(client, settings):
    settings.CIRCLES_OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = ""
    for name in ("oidc_authentication_init", "oidc_authentication_callback"):
        response = client.get(reverse(name))
        assert response.status_code == 404
        assert "Single sign-on is not set up" in response.content.decode()


def _start(client: Any, next_url: str = "") -> dict[str, list[str]]:
    with mock.patch.object(oidc, "provider_endpoints", return_value=ENDPOINTS):
        query = f"?next={next_url}" if next_url else ""
        response = client.get(reverse("oidc_authentication_init") + query)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (
        f"{location.scheme}://{location.netloc}{location.path}" == ENDPOINTS.authorization_endpoint
    )
    return parse_qs(location.query)


def test_starting_a_sign_on_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(
    client, configured
):
    params = _start(client)
    assert params["client_id"] == ["circles"]
    assert params["response_type"] == ["code"]
    assert params["scope"] == ["openid email profile"]
    assert params["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert params["code_challenge_method"] == ["S256"]
    assert all(params[name][0] for name in ("state", "nonce", "code_challenge"))


def test_an_unreachable_provider_gets_a_clear_page_when_starting(client, configured):
    with mock.patch.object(
        oidc, "provider_endpoints", side_effect=ProviderUnavailable("discovery failed")
    ):
        response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 503
    assert "did not answer as expected" in response.content.decode()


def _callback(client: Any, params: dict[str, list[str]], userinfo: dict[str, Any]) -> Any:
    state, nonce = params["state"][0], params["nonce"][0]
    with (
        mock.patch.object(oidc, "provider_endpoints", return_value=ENDPOINTS),
        mock.patch.object(
            SignOnBackend, "get_token", return_value={"id_token": "t", "access_token": "a"}
        ) as get_token,
        mock.patch.object(
            SignOnBackend, "verify_token", return_value={"sub": "subject-1", "nonce": nonce}
        ),
        mock.patch.object(SignOnBackend, "get_userinfo", return_value=userinfo),
    ):
        response = client.get(
            reverse("oidc_authentication_callback"), {"code": "c", "state": state}
        )
    if get_token.called:
        sent = get_token.call_args.args[0]
        assert sent["code_verifier"]
        assert sent["redirect_uri"] == "http://testserver/oidc/callback/"
    return response


def test_a_member_comes_back_from_the_provider_signed_in(client, configured):
    person = make_person(make_org())
    response = _callback(client, _start(client, "/plan/"), claims(person.email))
    assert response.status_code == 302
    assert response["Location"] == "/plan/"
    assert client.get(reverse("home")).context["user"] == person.user
    user = User.objects.get(email=person.email)
    assert user.last_login is not None
    assert timezone.now() - user.last_login < dt.timedelta(minutes=1)


def test_a_refused_sign_on_shows_why_and_what_to_do(client, configured):
    make_org()
    response = _callback(client, _start(client), claims("nobody@x.test"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "We could not sign you in" in page
    assert "nobody@x.test is not in the people directory" in page
    assert "Ask your organisation" in page
    assert reverse("login") in page
    assert client.get(reverse("home")).status_code == 302  # still signed out


def test_userinfo_about_someone_else_than_the_id_token_is_refused(client, configured):
    person = make_person(make_org())
    response = _callback(client, _start(client), {**claims(person.email), "sub": "someone-else"})
    assert response.status_code == 403
    assert "did not complete" in response.content.decode()


def test_a_callback_with_a_state_this_browser_never_started_is_a_clear_400(client, configured):
    _start(client)
    response = _callback(client, {"state": ["forged"], "nonce": ["x"]}, claims("a@x.test"))
    assert response.status_code == 400
    assert "did not complete" in response.content.decode()


def test_a_callback_without_any_sign_on_started_is_refused_cleanly(client, configured):
    response = client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": "s"})
    assert response.status_code == 403
    assert "Start again" in response.content.decode()


def test_a_provider_that_reports_an_error_or_cancellation_gets_a_clear_page(client, configured):
    params = _start(client)
    response = client.get(
        reverse("oidc_authentication_callback"),
        {"error": "access_denied", "state": params["state"][0]},
    )
    assert response.status_code == 403
    assert "We could not sign you in" in response.content.decode()


def test_a_provider_that_fails_during_the_token_exchange_gets_a_clear_page(client, configured):
    params = _start(client)
    with (
        mock.patch.object(oidc, "provider_endpoints", return_value=ENDPOINTS),
        mock.patch.object(
            SignOnBackend, "get_token", side_effect=requests.HTTPError("502 Bad Gateway")
        ),
    ):
        response = client.get(
            reverse("oidc_authentication_callback"),
            {"code": "c", "state": params["state"][0]},
        )
    assert response.status_code == 403
    assert "did not answer as expected" in response.content.decode()


def test_a_password_sign_in_is_not_answered_by_the_sign_on_backend(configured):
    person = make_person(make_org())
    backend = SignOnBackend()
    assert backend.authenticate(mock.Mock(GET={}), username=person.email, password=PASSWORD) is None


def test_a_session_of_a_switched_off_login_loads_no_user(configured):
    person = make_person(make_org())
    assert person.user is not None
    assert SignOnBackend().get_user(person.user.pk) == person.user
    User.objects.filter(pk=person.user.pk).update(is_active=False)
    assert SignOnBackend().get_user(person.user.pk) is None


def test_settings_refuse_an_issuer_without_a_client_or_over_plain_http():
    for env in (
        {"CIRCLES_OIDC_ISSUER": ISSUER},
        {"CIRCLES_OIDC_ISSUER": "http://id.example.com", "CIRCLES_OIDC_CLIENT_ID": "c"},
    ):
        result = subprocess.run(
            [sys.executable, "-c", "import circles.settings"],
            env={"PATH": "/usr/bin:/bin", **env},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert "CIRCLES_OIDC" in result.stderr
