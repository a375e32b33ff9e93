"""Invitations: a single-use, expiring link to choose a password, resend, and the first admin."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import resolve, reverse

from circles.lib.errors import DomainError
from circles.notify.worker import run_pending_tasks
from circles.orgs.invitations.emails import invitation_link
from circles.orgs.invitations.services import invitation_send, invitations_send, sign_in_status
from circles.orgs.invitations.tokens import invitation_tokens
from circles.orgs.models import Invitation, Organisation, Person, Role
from circles.orgs.people.services import person_deactivate
from circles.testing import make_org, make_person

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-fresh-long-passphrase"


def _path(link: str) -> str:
    path = "/" + link.split("/", 3)[3]
    # The link is the named page "invitation_accept" or "password_reset_confirm".
    assert resolve(path).url_name in {"invitation_accept", "password_reset_confirm"}
    return path


def _accept(client, link: str, password: str = NEW_PASSWORD):
    form = client.get(_path(link), follow=True)
    assert form.status_code == 200
    if "This link no longer works" in form.content.decode():
        return form
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_an_invitation_email_carries_a_link_that_sets_a_password_and_signs_in(client):
    organisation = make_org()
    admin = make_person(organisation, role=Role.ADMIN)
    newcomer = make_person(organisation, "Nia Newcomer", login=False)
    invitation_send(person=newcomer, invited_by=admin)
    run_pending_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [f"Nia Newcomer <{newcomer.email}>"]
    assert admin.full_name in message.body
    link = re.search(r"http://\S+/accounts/welcome/\S+/", str(message.body))
    assert link is not None
    newcomer.refresh_from_db()
    assert sign_in_status(newcomer, newcomer.invitation) == "invited"

    response = _accept(client, link.group(0))
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Nia" in home.content.decode()
    newcomer.invitation.refresh_from_db()
    assert newcomer.invitation.accepted_at is not None

    client.logout()
    again = _accept(client, link.group(0), "yet-another-passphrase")
    assert "This link no longer works" in again.content.decode()


def test_resending_makes_the_earlier_link_stop_working(client):
    organisation = make_org()
    person = make_person(organisation, login=False)
    invitation_send(person=person, invited_by=None, deliver=False)
    person.refresh_from_db()
    first = invitation_link(person)
    invitation = invitation_send(person=person, invited_by=None, deliver=False)
    assert invitation.send_count == 2
    second = invitation_link(person)
    assert "This link no longer works" in _accept(client, first).content.decode()
    assert _accept(client, second).status_code == 302


def test_an_invitation_expires(settings):
    settings.CIRCLES_INVITATION_DAYS = 14
    person = make_person(make_org(), login=False)
    invitation_send(person=person, invited_by=None, deliver=False)
    person.refresh_from_db()
    assert person.user is not None
    token = invitation_tokens.make_token(person.user)
    issued = invitation_tokens._now()
    later = issued + dt.timedelta(days=13)
    with mock.patch.object(invitation_tokens, "_now", return_value=later):
        assert invitation_tokens.check_token(person.user, token)
    with mock.patch.object(invitation_tokens, "_now", return_value=issued + dt.timedelta(days=15)):
        assert not invitation_tokens.check_token(person.user, token)


def test_a_person_who_left_cannot_use_their_invitation(client):
    organisation = make_org()
    make_person(organisation, role=Role.ADMIN)
    person = make_person(organisation, login=False)
    invitation_send(person=person, invited_by=None, deliver=False)
    person.refresh_from_db()
    link = invitation_link(person)
    person_deactivate(person=person)
    assert "This link no longer works" in _accept(client, link).content.decode()
    with pytest.raises(DomainError, match="left the organisation"):
        invitation_send(person=person, invited_by=None)


def test_inviting_many_lists_who_was_skipped_and_why():
    organisation = make_org()
    has_login = make_person(organisation)
    fresh = make_person(organisation, login=False)
    batch = invitations_send(people=[has_login, fresh], invited_by=None)
    assert batch.sent == [fresh]
    assert [(p, reason) for p, reason in batch.skipped] == [
        (has_login, f"{has_login.full_name} already has a login: no invitation sent.")
    ]


def test_a_queued_invitation_is_not_sent_once_accepted(client):
    person = make_person(make_org(), login=False)
    invitation_send(person=person, invited_by=None)
    person.refresh_from_db()
    _accept(client, invitation_link(person))
    run_pending_tasks()
    assert mail.outbox == []


def test_create_organisation_makes_the_first_admin_and_prints_a_working_link(client):
    out = StringIO()
    call_command(
        "create_organisation",
        name="Acme",
        slug="acme",
        admin_email="IT@Acme.example",
        stdout=out,
    )
    organisation = Organisation.objects.get(slug="acme")
    admin = Person.objects.get(organisation=organisation)
    assert admin.role == Role.ADMIN
    assert admin.email == "it@acme.example"
    assert Invitation.objects.filter(person=admin).exists()
    link = re.search(r"http://\S+/accounts/welcome/\S+/", out.getvalue())
    assert link is not None
    assert mail.outbox == []  # console email: the link is printed, not sent
    assert _accept(client, link.group(0)).status_code == 302
    page = client.get(reverse("programme_index"))
    assert page.status_code == 200


def test_create_organisation_emails_the_link_when_email_is_configured(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with mock.patch("django.core.mail.backends.smtp.EmailBackend.send_messages") as send:
        send.return_value = 1
        call_command(
            "create_organisation", name="Beta", admin_email="ops@beta.example", stdout=StringIO()
        )
    assert send.call_count == 1
    (messages,) = send.call_args.args
    assert messages[0].to == ["Ops <ops@beta.example>"]


def test_create_organisation_refuses_a_slug_in_use_and_creates_nothing():
    call_command("create_organisation", name="Acme", slug="acme", admin_email="a@acme.example")
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_organisation", name="Acme 2", slug="acme", admin_email="b@acme.example"
        )
    assert not Person.objects.filter(email="b@acme.example").exists()


def test_a_lead_invites_everyone_in_their_programme_without_a_login(world, login):
    from circles.groups.services import circle_create

    newcomers = [make_person(world.org, f"New {n}", login=False) for n in range(5)]
    circle_create(programme=world.programme, name="Cedar", members=newcomers)
    client = login(world.lead)
    response = client.post(reverse("programme_invite", args=[world.programme.pk]))
    assert response.status_code == 302
    assert set(Invitation.objects.values_list("person_id", flat=True)) == {p.pk for p in newcomers}
    again = client.post(reverse("programme_invite", args=[world.programme.pk]), follow=True)
    assert "already sign in or is invited" in again.content.decode()
    assert Invitation.objects.count() == 5


@pytest.mark.parametrize("persona", ["member", "outsider", "other_admin"])
def test_only_the_programmes_leads_and_admins_invite_its_members(world, login, persona):
    make_person(world.org, login=False)
    response = login(getattr(world, persona)).post(
        reverse("programme_invite", args=[world.programme.pk])
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()
