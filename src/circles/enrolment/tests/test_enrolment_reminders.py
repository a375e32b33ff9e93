"""Enrolment emails through the reminder sweep: the invitation, one reminder, a freed place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from circles.enrolment import services
from circles.notify import services as notify
from circles.notify.models import Kind, Reminder
from circles.notify.worker import run_pending_tasks
from circles.testing import make_person

from .conftest import AVOIDED_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"
    settings.CIRCLES_ENROLMENT_REMINDER_DAYS = 4


def deliver(now: dt.datetime | None = None) -> None:
    notify.sweep(now=now)
    run_pending_tasks()


def about(programme, to=None) -> list[mail.EmailMessage]:
    return [
        m
        for m in mail.outbox
        if programme.name in m.subject and (to is None or to.email in m.to[0])
    ]


@pytest.fixture
def invited(pilot):
    services.enrolment_configure(programme=pilot.programme, by=pilot.world.lead, audience="invited")
    services.enrolment_invite(
        programme=pilot.programme,
        people=[pilot.chooser, pilot.avoided],
        invited_by=pilot.world.lead,
    )
    return pilot


def test_invited_people_get_one_invitation_email_with_a_link_to_answer(invited):
    deliver()
    emails = about(invited.programme)
    assert sorted(m.to[0] for m in emails) == sorted(
        f"{p.full_name} <{p.email}>" for p in (invited.chooser, invited.avoided)
    )
    first = about(invited.programme, invited.chooser)[0]
    assert first.subject == f"You are invited to join {invited.programme.name}"
    assert f"http://testserver/enrol/{invited.programme.pk}/" in first.body
    assert "List-Unsubscribe" in first.extra_headers
    deliver()
    assert len(about(invited.programme)) == 2


def test_one_reminder_goes_to_who_has_not_answered_and_then_no_more(invited):
    deliver()
    services.enrol(programme=invited.programme, person=invited.chooser)
    later = timezone.now() + dt.timedelta(days=5)
    deliver(later)
    reminders = [m for m in about(invited.programme) if m.subject.startswith("Still interested")]
    assert [m.to[0] for m in reminders] == [
        f"{invited.avoided.full_name} <{invited.avoided.email}>"
    ]
    assert "only reminder" in reminders[0].body
    deliver(later + dt.timedelta(days=5))
    deliver(later + dt.timedelta(days=20))
    assert len(about(invited.programme)) == 3


def test_no_reminder_before_the_days_have_passed(invited):
    deliver()
    deliver(timezone.now() + dt.timedelta(days=2))
    assert len(about(invited.programme)) == 2


def test_people_who_switched_enrolment_emails_off_get_none(invited):
    notify.preferences_update(person=invited.chooser, enrolment_invitations=False)
    notify.unsubscribe(person=invited.avoided, kind=Kind.ENROLMENT)
    deliver()
    deliver(timezone.now() + dt.timedelta(days=5))
    assert about(invited.programme) == []


def test_nothing_is_sent_while_enrolment_is_not_open(pilot):
    services.enrolment_close(programme=pilot.programme, by=pilot.world.lead)
    services.enrolment_invite(
        programme=pilot.programme, people=[pilot.chooser], invited_by=pilot.world.lead
    )
    deliver()
    assert about(pilot.programme) == []
    assert not Reminder.objects.filter(kind=Kind.ENROLMENT).exists()


def test_someone_without_a_login_is_first_invited_to_sign_in_and_then_to_enrol(invited):
    newcomer = make_person(invited.world.org, "Nina Newcomer", login=False)
    services.enrolment_invite(
        programme=invited.programme, people=[newcomer], invited_by=invited.world.lead
    )
    deliver()
    to_newcomer = [m for m in mail.outbox if newcomer.email in m.to[0]]
    assert [m.subject for m in to_newcomer] == [
        f"You are invited to Coaching Circles at {invited.world.org.name}"
    ]
    newcomer.refresh_from_db()
    assert newcomer.user is not None
    newcomer.user.set_password("a-long-new-password")
    newcomer.user.save()
    deliver()
    assert len(about(invited.programme, newcomer)) == 1


def test_whoever_moves_up_from_the_waiting_list_is_told_once(pilot):
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=1
    )
    services.enrol(programme=pilot.programme, person=pilot.others[0])
    services.enrol(programme=pilot.programme, person=pilot.others[1])
    services.enrolment_withdraw(programme=pilot.programme, person=pilot.others[0])
    deliver()
    deliver()
    [place] = about(pilot.programme, pilot.others[1])
    assert place.subject == f"A place for you in {pilot.programme.name}"


def test_enrolment_emails_never_name_other_people_or_private_choices(invited):
    services.enrol(programme=invited.programme, person=invited.chooser, avoid=[invited.avoided])
    services.enrolment_invite(
        programme=invited.programme, people=invited.others, invited_by=invited.world.lead
    )
    deliver()
    deliver(timezone.now() + dt.timedelta(days=5))
    emails = about(invited.programme)
    assert emails
    for message in emails:
        assert isinstance(message, mail.EmailMultiAlternatives)
        everything = message.body + "".join(str(a[0]) for a in message.alternatives)
        assert AVOIDED_NAME not in everything
        assert invited.chooser.full_name not in everything
