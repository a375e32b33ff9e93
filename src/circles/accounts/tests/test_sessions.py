"""Sessions end when idle and after an absolute lifetime; "sign out everywhere else", a password
change and a password reset end a login's other sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from circles.accounts.models import User
from circles.accounts.services import user_sessions_end
from circles.accounts.sessions import GENERATION, SEEN_AT, SIGNED_IN_AT
from circles.accounts.tokens import reset_tokens
from circles.testing import PASSWORD, make_org, make_person, user_of

pytestmark = pytest.mark.django_db


def signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def two_browsers(person) -> tuple[Client, Client]:
    here, there = Client(), Client()
    for browser in (here, there):
        browser.post(reverse("login"), {"username": person.email, "password": PASSWORD})
        assert signed_in(browser)
    return here, there


def test_the_idle_limit_comes_from_the_environment_setting():
    assert settings.SESSION_COOKIE_AGE == settings.CIRCLES_SESSION_IDLE_MINUTES * 60
    assert settings.CIRCLES_SESSION_IDLE_MINUTES == 8 * 60


def test_requests_move_the_idle_expiry_on_saving_at_most_once_a_minute(client, settings):
    settings.CIRCLES_SESSION_REFRESH_SECONDS = 60
    person = make_person(make_org())
    client.force_login(user_of(person))

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert signed_in(client)
        return sum(
            1
            for query in queries
            if "django_session" in query["sql"] and not query["sql"].startswith("SELECT")
        )

    assert session_writes() == 0
    session = client.session
    session[SEEN_AT] = timezone.now().timestamp() - 61
    session.save()
    key = session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=5)
    )
    assert session_writes() == 1
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_has_ended(client):
    person = make_person(make_org())
    client.force_login(user_of(person))
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not signed_in(client)


def test_signing_in_stamps_the_session(client):
    person = make_person(make_org())
    client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert client.session[GENERATION] == 0
    assert abs(client.session[SIGNED_IN_AT] - timezone.now().timestamp()) < 60


def test_a_session_past_its_absolute_lifetime_ends_with_a_message(client):
    person = make_person(make_org())
    client.force_login(user_of(person))
    session = client.session
    days = settings.CIRCLES_SESSION_MAX_DAYS
    session[SIGNED_IN_AT] = (timezone.now() - dt.timedelta(days=days, minutes=1)).timestamp()
    session.save()
    response = client.get(reverse("home"), follow=True)
    assert "Your sign-in has expired" in response.content.decode()
    assert not signed_in(client)


def test_a_session_inside_its_lifetime_stays(client):
    person = make_person(make_org())
    client.force_login(user_of(person))
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - dt.timedelta(days=13)).timestamp()
    session.save()
    assert signed_in(client)


def test_a_session_from_before_the_stamps_stays_signed_in(client):
    person = make_person(make_org())
    client.force_login(user_of(person))
    session = client.session
    del session[SIGNED_IN_AT]
    del session[GENERATION]
    session.save()
    assert signed_in(client)
    assert SIGNED_IN_AT in client.session


def test_sign_out_everywhere_else_keeps_this_browser(client):
    person = make_person(make_org())
    here, there = two_browsers(person)
    page = here.get(reverse("account_settings")).content.decode()
    assert "Sign out everywhere else" in page
    old_key = here.session.session_key
    response = here.post(reverse("sessions_end"), follow=True)
    assert "Signed out everywhere else" in response.content.decode()
    assert here.session.session_key != old_key
    assert signed_in(here)
    after = there.get(reverse("home"), follow=True)
    assert "You were signed out everywhere" in after.content.decode()
    assert not signed_in(there)
    # Signing in again afterwards works as usual.
    there.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert signed_in(there)


def test_ending_sessions_moves_the_generation_on():
    person = make_person(make_org())
    assert user_sessions_end(user=user_of(person)) == 1
    assert user_sessions_end(user=user_of(person)) == 2
    assert User.objects.get(pk=user_of(person).pk).session_generation == 2


def test_a_password_change_ends_the_other_sessions():
    person = make_person(make_org())
    here, there = two_browsers(person)
    response = here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-7",
            "new_password2": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(there)


def test_a_password_reset_ends_the_other_sessions():
    person = make_person(make_org())
    here, there = two_browsers(person)
    user_of(person).refresh_from_db()  # the token covers the last sign-in
    uid = urlsafe_base64_encode(force_bytes(user_of(person).pk))
    link = reverse("password_reset_confirm", args=[uid, reset_tokens.make_token(user_of(person))])
    resetter = Client()
    form_page = resetter.get(link, follow=True)
    resetter.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-passphrase-9", "new_password2": "a-fresh-passphrase-9"},
    )
    assert signed_in(resetter)
    assert not signed_in(here)
    assert not signed_in(there)
