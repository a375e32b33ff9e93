"""Signing in by email in any case, forgetting a password, and SSO-only organisations."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from circles.accounts.models import User
from circles.accounts.tokens import reset_tokens
from circles.notify.worker import run_pending_tasks
from circles.testing import PASSWORD, make_org, make_person

pytestmark = pytest.mark.django_db


def test_sign_in_ignores_the_case_of_the_email(client):
    person = make_person(make_org())
    response = client.post(
        reverse("login"), {"username": f"  {person.email.upper()} ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    person = make_person(make_org())
    response = client.post(reverse("login"), {"username": person.email, "password": "nope"})
    assert response.status_code == 200
    assert "That email and password do not match" in response.content.decode()


def test_two_logins_cannot_differ_only_by_case():
    from django.db import IntegrityError, transaction

    User.objects.create_user(email="sam@example.com", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Sam@Example.com")


def test_the_login_page_offers_a_password_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    assert "Forgot your password?" in page


def test_forgot_password_sends_a_single_use_link_through_the_worker(client):
    person = make_person(make_org())
    response = client.post(reverse("password_reset"), {"email": person.email.title()})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []  # queued, not sent inline
    run_pending_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", str(message.body))
    assert link is not None
    path = link.group(0).split("8000", 1)[1]
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # signed in straight away
    client.logout()
    again = client.get(path, follow=True)
    assert "This link no longer works" in again.content.decode()
    assert client.login(username=person.email, password="a-brand-new-passphrase")


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    run_pending_tasks()
    assert mail.outbox == []


def test_a_reset_link_expires_after_its_lifetime(settings):
    settings.CIRCLES_PASSWORD_RESET_HOURS = 2
    person = make_person(make_org())
    assert person.user is not None
    token = reset_tokens.make_token(person.user)
    issued = reset_tokens._now()
    with mock.patch.object(reset_tokens, "_now", return_value=issued + dt.timedelta(hours=1)):
        assert reset_tokens.check_token(person.user, token)
    with mock.patch.object(reset_tokens, "_now", return_value=issued + dt.timedelta(hours=3)):
        assert not reset_tokens.check_token(person.user, token)


def test_password_sign_in_can_be_switched_off_for_an_organisation(client):
    organisation = make_org()
    person = make_person(organisation)
    organisation.password_sign_in = False
    organisation.save()
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "signs in through single sign-on" in response.content.decode()
    client.post(reverse("password_reset"), {"email": person.email})
    run_pending_tasks()
    assert mail.outbox == []


def test_operators_keep_password_sign_in_when_their_organisation_uses_sso(client):
    organisation = make_org()
    person = make_person(organisation)
    assert person.user is not None
    User.objects.filter(pk=person.user.pk).update(is_staff=True)
    organisation.password_sign_in = False
    organisation.save()
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_signed_in_person_changes_their_password(client):
    person = make_person(make_org())
    client.login(username=person.email, password=PASSWORD)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200
    client.logout()
    assert client.login(username=person.email, password="another-long-passphrase")
