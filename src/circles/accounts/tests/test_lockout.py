"""Sign-in throttling: wrong passwords lock an address out, with a clear page, until the
cool-off ends or an admin unlocks it; single sign-on and password reset are untouched."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from circles.accounts.lockout import attempted_email, locked_until, lockout_message
from circles.accounts.services import sign_in_unlock
from circles.audit.models import Action, AuditEvent
from circles.lib.errors import DomainError
from circles.orgs.models import Role
from circles.orgs.people.services import person_sign_in_unlock
from circles.testing import PASSWORD, make_org, make_person

pytestmark = pytest.mark.django_db


def _try(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def _signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def _fail(client, email, times):
    for _ in range(times):
        _try(client, email, "not-the-password")


def _cool_off_passes():
    """Time travel for the attempt records: every failure happened a cool-off ago."""
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))


def test_twenty_wrong_passwords_then_the_right_one_does_not_sign_in(client):
    person = make_person(make_org())
    _fail(client, person.email, 20)
    response = _try(client, person.email, PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    page = response.content.decode()
    assert "Too many failed sign-ins for this address. Try again in 15 minutes" in page
    assert "or reset your password" in page
    assert reverse("password_reset") in page
    assert "Forgot your password?" in page
    # Fixed window: tries during the lock-out do not extend it.
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_the_lockout_comes_at_the_configured_number_and_not_before(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    person = make_person(make_org())
    _fail(client, person.email, 2)
    assert _try(client, person.email, PASSWORD).status_code == 302
    client.logout()
    # A success resets the count: two more failures do not lock.
    _fail(client, person.email, 2)
    assert _try(client, person.email, PASSWORD).status_code == 302
    client.logout()
    _fail(client, person.email, 2)
    third = _try(client, person.email, "still wrong")
    assert third.status_code == 429
    assert "Too many failed sign-ins" in third.content.decode()


def test_the_count_is_per_address_whatever_its_case(client):
    person = make_person(make_org())
    for spelling in ["X@Y.example", "x@y.example", " X@y.EXAMPLE "]:
        assert attempted_email(None, {"username": spelling}) == "x@y.example"
    email = person.email
    for spelling in [email.upper(), email.title(), email, f" {email.upper()} ", email]:
        _try(client, spelling, "wrong")
    assert AccessAttempt.objects.get().username == email
    assert _try(client, email.upper(), PASSWORD).status_code == 429


def test_another_address_from_the_same_client_is_not_locked(client):
    org = make_org()
    locked, other = make_person(org), make_person(org)
    _fail(client, locked.email, 5)
    assert _try(client, other.email, PASSWORD).status_code == 302


def test_after_the_cool_off_the_right_password_signs_in(client):
    person = make_person(make_org())
    _fail(client, person.email, 6)
    assert locked_until(person.email) is not None
    _cool_off_passes()
    assert locked_until(person.email) is None
    assert _try(client, person.email, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_minutes_left_count_down(client):
    person = make_person(make_org())
    _fail(client, person.email, 5)
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14, seconds=10)
    )
    page = _try(client, person.email, PASSWORD).content.decode()
    assert lockout_message(1) in page
    assert "Try again in 1 minute or" in page


def test_unlocking_the_address_lets_the_right_password_in(client):
    person = make_person(make_org())
    _fail(client, person.email, 5)
    assert sign_in_unlock(email=person.email.upper()) == 1
    assert _try(client, person.email, PASSWORD).status_code == 302


def test_an_admin_unlocks_from_the_person_page(client, login):
    org = make_org()
    admin = make_person(org, role=Role.ADMIN)
    person = make_person(org)
    _fail(client, person.email, 5)
    login(admin)
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "Locked out" in page
    assert reverse("person_sign_in_unlock", args=[person.pk]) in page
    response = client.post(reverse("person_sign_in_unlock", args=[person.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "Locked out" not in page
    event = AuditEvent.objects.get(action=Action.SIGN_IN_UNLOCKED)
    assert (event.actor_id, event.target_person_id) == (admin.pk, person.pk)
    client.logout()
    assert _try(client, person.email, PASSWORD).status_code == 302


def test_another_organisations_admin_cannot_unlock(client, login):
    person = make_person(make_org())
    stranger = make_person(make_org(), role=Role.ADMIN)
    _fail(client, person.email, 5)
    login(stranger)
    assert client.post(reverse("person_sign_in_unlock", args=[person.pk])).status_code == 404
    with pytest.raises(DomainError):
        person_sign_in_unlock(person=person, by=stranger)
    assert AccessAttempt.objects.count() == 1


def test_a_lead_or_member_cannot_unlock(client, login):
    org = make_org()
    person = make_person(org)
    lead = make_person(org, role=Role.LEAD)
    _fail(client, person.email, 5)
    for who in (lead, person):
        with pytest.raises(DomainError):
            person_sign_in_unlock(person=person, by=who)
    login(lead)
    assert client.post(reverse("person_sign_in_unlock", args=[person.pk])).status_code == 404
    assert AccessAttempt.objects.count() == 1


def test_operators_see_and_delete_lockouts_in_the_admin(client):
    from circles.accounts.models import User

    person = make_person(make_org())
    _fail(client, person.email, 5)
    operator = User.objects.create_superuser(email="ops@example.com", password=PASSWORD)
    client.force_login(operator)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert person.email in listing.content.decode()
    attempt = AccessAttempt.objects.get()
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert not AccessAttempt.objects.exists()


def test_a_locked_out_person_can_still_reset_their_password(client):
    from django.core import mail

    from circles.notify.worker import run_pending_tasks

    person = make_person(make_org())
    _fail(client, person.email, 5)
    assert client.post(reverse("password_reset"), {"email": person.email}).status_code == 302
    run_pending_tasks()
    assert len(mail.outbox) == 1


def test_single_sign_on_callbacks_are_neither_counted_nor_blocked(rf):
    from axes.handlers.proxy import AxesProxyHandler

    request = rf.get("/oidc/callback/", REMOTE_ADDR="10.0.0.1")
    credentials = {"nonce": "n", "code_verifier": "v"}
    for _ in range(10):
        AxesProxyHandler.user_login_failed(sender=None, credentials=credentials, request=request)
    assert not AccessAttempt.objects.exists()
    assert AxesProxyHandler.is_allowed(request, credentials)


def test_the_login_page_offers_a_password_reset_and_no_lockout_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert "Forgot your password?" in page
    assert "Too many failed sign-ins" not in page


def test_a_password_reset_ends_the_lockout_from_that_browser(client):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from circles.accounts.tokens import reset_tokens
    from circles.testing import user_of

    person = make_person(make_org())
    _fail(client, person.email, 5)
    uid = urlsafe_base64_encode(force_bytes(user_of(person).pk))
    link = reverse("password_reset_confirm", args=[uid, reset_tokens.make_token(user_of(person))])
    form_page = client.get(link, follow=True)
    new = "a-fresh-passphrase-9"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _signed_in(client)
    client.logout()
    assert _try(client, person.email, new).status_code == 302
