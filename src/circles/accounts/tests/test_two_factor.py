"""Two-factor sign-in: setting up an authenticator app, the code after the password, recovery
codes, throttling, turning it off, the organisation's requirement, and single sign-on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from circles.accounts.two_factor import services
from circles.accounts.two_factor.views import ENROLMENT_KEY
from circles.audit.models import Action, AuditEvent
from circles.lib.errors import DomainError
from circles.orgs.models import Role
from circles.orgs.people.services import person_two_factor_reset
from circles.testing import PASSWORD, app_of, current_code, make_org, make_person, user_of

pytestmark = pytest.mark.django_db


def enable(user) -> list[str]:
    enrolment = services.two_factor_enrolment_new()
    return services.two_factor_enable(
        user=user, enrolment=enrolment, code=current_code(enrolment.key)
    )


def password_sign_in(client, person):
    return client.post(reverse("login"), {"username": person.email, "password": PASSWORD})


def give_code(client, code, next_url=""):
    return client.post(reverse("two_factor_verify"), {"code": code, "next": next_url})


def test_setting_up_shows_a_qr_code_and_the_secret_then_confirms_with_a_code(client, login):
    person = make_person(make_org())
    login(person)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    body = page.content.decode()
    assert '<svg class="qr-code" role="img" aria-label=' in body
    assert "<script" not in body.split("<main", 1)[1]
    assert " style=" not in body
    key = client.session[ENROLMENT_KEY]
    secret = re.search(r'<code class="secret" id="secret-key">([A-Z2-7 ]+)</code>', body)
    assert secret is not None
    assert len(secret.group(1).replace(" ", "")) == 32
    # The same secret on a reload, so a slow scan still matches.
    client.get(reverse("two_factor_setup"))
    assert client.session[ENROLMENT_KEY] == key

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    if current_code(key) != "000000":
        assert wrong.status_code == 400
        assert "That code does not match" in wrong.content.decode()
        assert not services.two_factor_enabled(user_of(person))

    done = client.post(reverse("two_factor_setup"), {"code": current_code(key)})
    assert done.status_code == 302
    assert done["Location"] == reverse("two_factor_recovery")
    device = TOTPDevice.objects.get(user=user_of(person))
    assert device.confirmed
    assert device.key == key
    codes = services.recovery_codes_left(user_of(person))
    assert len(codes) == 10
    assert len(set(codes)) == 10
    recovery = client.get(reverse("two_factor_recovery")).content.decode()
    assert all(code in recovery for code in codes)
    download = client.get(reverse("two_factor_recovery_download"))
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in codes)
    # This session proved the code: it stays open.
    assert client.get(reverse("home")).status_code == 200


def test_after_the_password_a_code_is_asked_before_any_page(client):
    person = make_person(make_org())
    enable(user_of(person))
    device = app_of(user_of(person))
    response = password_sign_in(client, person)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("two_factor_verify"))
    for name in ("my_commitments", "account_settings", "password_change"):
        assert client.get(reverse(name))["Location"].startswith(reverse("two_factor_verify"))

    wrong = give_code(client, "12345x")
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302

    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()
    right = give_code(client, current_code(device.key, steps_ahead=1), reverse("my_commitments"))
    assert right.status_code == 302
    assert right["Location"] == reverse("my_commitments")
    assert client.get(reverse("home")).status_code == 200


def test_signing_out_works_before_the_code(client):
    person = make_person(make_org())
    enable(user_of(person))
    password_sign_in(client, person)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_recovery_code_signs_in_once(client):
    person = make_person(make_org())
    codes = enable(user_of(person))
    password_sign_in(client, person)
    assert give_code(client, codes[0].upper()).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert codes[0] not in services.recovery_codes_left(user_of(person))
    client.post(reverse("logout"))
    password_sign_in(client, person)
    again = give_code(client, codes[0])
    assert again.status_code == 400
    assert client.get(reverse("home")).status_code == 302


def test_wrong_codes_are_throttled_even_with_the_right_one(client):
    person = make_person(make_org())
    enable(user_of(person))
    device = app_of(user_of(person))
    password_sign_in(client, person)
    for _ in range(3):
        give_code(client, "999999" if current_code(device.key) != "999999" else "111111")
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    refused = give_code(client, current_code(device.key, steps_ahead=1))
    assert refused.status_code == 400
    assert "Too many wrong codes: wait" in refused.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    )
    assert give_code(client, current_code(device.key, steps_ahead=1)).status_code == 302


def test_code_check_refuses_empty_and_foreign_codes():
    org = make_org()
    person, other = make_person(org), make_person(org)
    enable(user_of(person))
    other_codes = enable(user_of(other))
    with pytest.raises(DomainError):
        services.code_check(user=user_of(person), code="   ")
    with pytest.raises(DomainError):
        services.code_check(user=user_of(person), code=other_codes[0])


def test_turning_it_off_needs_a_current_code(client, login):
    person = make_person(make_org())
    enable(user_of(person))
    device = app_of(user_of(person))
    login(person)
    client.post(reverse("two_factor_verify"), {"code": current_code(device.key, steps_ahead=1)})
    page = client.get(reverse("account_settings")).content.decode()
    assert "Turn off two-factor sign-in" in page
    client.post(reverse("two_factor_disable"), {"code": "abc"})
    assert services.two_factor_enabled(user_of(person))
    # The wrong code counted against the recovery codes; once its wait is over, one works.
    StaticDevice.objects.filter(user=user_of(person)).update(throttling_failure_count=0)
    recovery_code = services.recovery_codes_left(user_of(person))[0]
    response = client.post(reverse("two_factor_disable"), {"code": recovery_code})
    assert response.status_code == 302
    assert not services.two_factor_enabled(user_of(person))
    assert not StaticToken.objects.exists()
    assert client.get(reverse("home")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, login):
    person = make_person(make_org())
    old = enable(user_of(person))
    device = app_of(user_of(person))
    login(person)
    give_code(client, old[0])
    response = client.post(
        reverse("two_factor_recovery"), {"code": current_code(device.key, steps_ahead=1)}
    )
    assert response.status_code == 302
    new = services.recovery_codes_left(user_of(person))
    assert len(new) == 10
    assert not set(new) & set(old)


def test_pages_for_people_without_two_factor_send_them_to_their_account(client, login):
    login(make_person(make_org()))
    for name in ("two_factor_recovery", "two_factor_recovery_download"):
        assert client.get(reverse(name))["Location"] == reverse("account_settings")
    assert client.get(reverse("two_factor_verify"))["Location"] == reverse("home")


def test_an_organisation_can_require_it_for_admins_and_leads(client, login):
    org = make_org()
    admin = make_person(org, role=Role.ADMIN)
    lead = make_person(org, role=Role.LEAD)
    member = make_person(org)
    login(admin)
    response = client.post(
        reverse("organisation_sign_in"),
        {"password_sign_in": "on", "two_factor_for_managers": "on", "email_domains": ""},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.two_factor_for_managers
    # The admin who switched it on is sent to set it up before anything else.
    assert client.get(reverse("home"))["Location"] == reverse("two_factor_setup")
    assert client.get(reverse("two_factor_setup")).status_code == 200

    client.logout()
    login(lead)
    assert client.get(reverse("programme_index"))["Location"] == reverse("two_factor_setup")
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Your organisation requires two-factor sign-in" in page
    key = client.session[ENROLMENT_KEY]
    client.post(reverse("two_factor_setup"), {"code": current_code(key)})
    assert client.get(reverse("programme_index")).status_code == 200
    # Required, so it cannot be turned off.
    with pytest.raises(DomainError, match="requires two-factor"):
        services.two_factor_disable(user=user_of(lead), code=current_code(key, steps_ahead=1))

    client.logout()
    login(member)
    assert client.get(reverse("home")).status_code == 200


def test_a_single_sign_on_session_is_not_asked_for_a_code(client):
    org = make_org()
    org.two_factor_for_managers = True
    org.save()
    with_app = make_person(org)
    enable(user_of(with_app))
    admin = make_person(org, role=Role.ADMIN)
    for person in (with_app, admin):
        client.force_login(user_of(person), backend="circles.accounts.oidc.SignOnBackend")
        assert client.get(reverse("home")).status_code == 200
        client.logout()
    # The same people signing in with a password are asked.
    client.force_login(user_of(admin), backend="circles.accounts.backends.EmailBackend")
    assert client.get(reverse("home"))["Location"] == reverse("two_factor_setup")


def test_an_admin_resets_a_lost_phone_from_the_person_page(client, login):
    org = make_org()
    admin = make_person(org, role=Role.ADMIN)
    person = make_person(org)
    enable(user_of(person))
    login(admin)
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "Two-factor sign-in:</strong> on" in page
    response = client.post(reverse("person_two_factor_reset", args=[person.pk]))
    assert response.status_code == 302
    assert not services.two_factor_enabled(user_of(person))
    event = AuditEvent.objects.get(action=Action.TWO_FACTOR_RESET)
    assert (event.actor_id, event.target_person_id) == (admin.pk, person.pk)
    assert event.details == {"was_on": True}
    client.logout()
    password_sign_in(client, person)
    assert client.get(reverse("home")).status_code == 200


def test_another_organisations_admin_cannot_reset_two_factor(client, login):
    person = make_person(make_org())
    enable(user_of(person))
    stranger = make_person(make_org(), role=Role.ADMIN)
    login(stranger)
    assert client.post(reverse("person_two_factor_reset", args=[person.pk])).status_code == 404
    with pytest.raises(DomainError):
        person_two_factor_reset(person=person, by=stranger)
    lead = make_person(person.organisation, role=Role.LEAD)
    with pytest.raises(DomainError):
        person_two_factor_reset(person=person, by=lead)
    assert services.two_factor_enabled(user_of(person))


def test_a_password_reset_still_asks_for_the_code(client):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from circles.accounts.tokens import reset_tokens

    person = make_person(make_org())
    enable(user_of(person))
    uid = urlsafe_base64_encode(force_bytes(user_of(person).pk))
    link = reverse("password_reset_confirm", args=[uid, reset_tokens.make_token(user_of(person))])
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-passphrase-9", "new_password2": "a-fresh-passphrase-9"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def test_an_operator_with_two_factor_gives_the_code_before_the_admin_site(client):
    from circles.accounts.models import User

    operator = User.objects.create_superuser(email="ops@example.com", password=PASSWORD)
    enable(operator)
    client.force_login(operator)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))
    device = app_of(operator)
    give_code(client, current_code(device.key, steps_ahead=1))
    assert client.get("/admin/").status_code == 200


def test_operators_see_devices_in_the_admin_but_not_their_secrets(client):
    from circles.accounts.models import User

    person = make_person(make_org())
    codes = enable(user_of(person))
    device = app_of(user_of(person))
    operator = User.objects.create_superuser(email="ops@example.com", password=PASSWORD)
    client.force_login(operator)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert device.key not in body
    static = client.get(reverse("admin:otp_static_staticdevice_changelist"))
    assert static.status_code == 200
    assert not any(code in static.content.decode() for code in codes)
