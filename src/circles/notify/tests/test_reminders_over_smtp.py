"""The sweep and the worker deliver due reminders to a real SMTP server, once each."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from circles.growth.commitments.services import commitment_follow_up
from circles.growth.models import LearningTransferCheck
from circles.insights.selectors import programme_dashboard
from circles.languages import formats
from circles.meetings.models import Attendance
from circles.notify.models import Kind, Preference, Reminder
from circles.notify.services import sweep
from circles.notify.worker import run_pending_tasks
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE

pytestmark = pytest.mark.django_db

SECRETS = [SECRET_ACTION, SECRET_CASE, SECRET_NOTE]


@pytest.fixture(autouse=True)
def _remind_three_days_ahead(settings):
    settings.CIRCLES_MEETING_REMINDER_HOURS = 96


def bodies(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def to_address(message) -> str:
    return message["To"].addresses[0].addr_spec


def links(text: str) -> list[str]:
    return re.findall(r"https?://testserver[^\s\"<>]*", text)


def test_the_worker_delivers_each_due_reminder_once_and_a_second_sweep_adds_nothing(world, smtp):
    first = sweep()
    run_pending_tasks()
    assert first.recorded[Kind.OVERDUE] == 1
    assert first.recorded[Kind.MEETING] == 5  # three in Aspen, two in Birch
    assert first.recorded[Kind.DIGEST] == 1
    delivered = len(smtp.messages)
    assert delivered == Reminder.objects.filter(state=Reminder.State.SENT).count()
    assert delivered == first.recorded_total

    again = sweep()
    run_pending_tasks()
    assert again.recorded_total == 0
    assert again.enqueued == 0
    assert len(smtp.messages) == delivered


def test_no_email_carries_confidential_text(world, smtp):
    sweep()
    run_pending_tasks()
    assert smtp.messages
    for message in smtp.messages:
        raw = message.as_string()
        text, html = bodies(message)
        for secret in SECRETS:
            assert secret not in raw
            assert secret not in text
            assert secret not in html


def test_the_overdue_reminder_names_the_meeting_and_links_to_the_commitment(world, smtp, login):
    sweep()
    run_pending_tasks()
    [overdue] = [m for m in smtp.messages if "was due" in m["Subject"]]
    assert to_address(overdue) == world.member.email
    made_on = world.past_meeting.local_start.date()
    # The locale's own day and month ("4 Dec"; before, strftime's zero-padded "04 Dec").
    assert formats.format_local_date(made_on, "MMMd") in overdue["Subject"]
    text, _ = bodies(overdue)
    target = next(u for u in links(text) if "/commitments/" in u)
    response = login(world.member).get(urlparse(target).path)
    assert response.status_code == 200
    assert SECRET_ACTION in response.content.decode()


def test_the_meeting_reminder_gives_the_role_the_case_giver_and_the_agenda(world, smtp, login):
    sweep()
    run_pending_tasks()
    mine = [
        m
        for m in smtp.messages
        if to_address(m) == world.facilitator.email and "meets" in m["Subject"]
    ]
    assert len(mine) == 1
    text, _ = bodies(mine[0])
    assert "Your role: Facilitator" in text
    assert world.circle.name in mine[0]["Subject"]
    url = next(u for u in links(text) if "/meetings/" in u)
    assert login(world.facilitator).get(urlparse(url).path).status_code == 200


def test_every_email_has_a_plain_and_an_html_part_and_one_click_unsubscribe(world, smtp, client):
    sweep()
    run_pending_tasks()
    for message in smtp.messages:
        text, html = bodies(message)
        assert text.strip()
        assert "<html" in html
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Message-ID"].startswith("<reminder.")
    message = next(m for m in smtp.messages if to_address(m) == world.member.email)
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert client.get(urlparse(url).path).status_code == 200
    assert client.post(urlparse(url).path).status_code == 200
    preference = Preference.objects.get(person=world.member)
    kind = Reminder.objects.get(message_id=message["Message-ID"]).kind
    field = {"overdue": "commitment_reminders", "meeting": "meeting_reminders"}.get(
        kind, "invitations"
    )
    assert getattr(preference, field) is False


def test_people_who_switched_a_reminder_off_do_not_get_it(world, smtp):
    Preference.objects.create(person=world.member, commitment_reminders=False)
    sweep()
    run_pending_tasks()
    assert not Reminder.objects.filter(kind=Kind.OVERDUE).exists()
    assert all("was due" not in m["Subject"] for m in smtp.messages)


def test_a_declined_meeting_is_not_reminded(world, smtp):
    Attendance.objects.update_or_create(
        meeting=world.next_meeting, person=world.peer, defaults={"status": "declined"}
    )
    sweep()
    assert not Reminder.objects.filter(
        kind=Kind.MEETING, object_id=world.next_meeting.pk, person=world.peer
    ).exists()


def test_a_reminder_that_is_no_longer_due_is_skipped_not_sent(world, smtp):
    sweep()
    commitment_follow_up(commitment=world.commitment, recorded_by=world.peer, outcome="done")
    run_pending_tasks()
    reminder = Reminder.objects.get(kind=Kind.OVERDUE)
    assert reminder.state == Reminder.State.SKIPPED
    assert all("was due" not in m["Subject"] for m in smtp.messages)


def test_the_learning_transfer_check_is_asked_when_it_falls_due(world, smtp, login, settings):
    settings.CIRCLES_TRANSFER_CHECK_DAYS = 0
    commitment_follow_up(commitment=world.commitment, recorded_by=world.peer, outcome="partly")
    check = LearningTransferCheck.objects.get(commitment=world.commitment)
    assert check.due_on == timezone.localdate()
    sweep()
    run_pending_tasks()
    [ask] = [m for m in smtp.messages if "Looking back" in m["Subject"]]
    assert to_address(ask) == world.member.email
    text, _ = bodies(ask)
    url = next(u for u in links(text) if "/transfer-checks/" in u)
    response = login(world.member).post(
        urlparse(url).path, {"applied": "yes", "how": "I asked again", "effect": "Budget agreed"}
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.applied is True
    assert check.answered_at is not None


def test_the_digest_for_leads_has_aggregates_only_and_suppresses_small_programmes(world, smtp):
    sweep()
    run_pending_tasks()
    [digest] = [m for m in smtp.messages if to_address(m) == world.lead.email]
    text, _ = bodies(digest)
    # Five members in the programme is the default threshold: figures are shown.
    assert "5 members" in text
    assert world.member.full_name not in text
    # Outcome figures are the dashboard's own, decided for this lead by its suppression.
    dashboard = programme_dashboard(world.programme, viewer=world.lead, range_key="3m")
    for metric, shown in dashboard.headline():
        assert f"- {metric.label}: {shown.text}" in text
    assert "commitments made" not in text
    world.org.min_group_size_for_aggregates = 6
    world.org.save()
    Reminder.objects.all().delete()
    smtp.messages.clear()
    sweep()
    run_pending_tasks()
    [digest] = [m for m in smtp.messages if to_address(m) == world.lead.email]
    assert "Too few people" in bodies(digest)[0]


def test_a_moved_meeting_is_reminded_again_for_its_new_time(world, smtp):
    sweep()
    run_pending_tasks()
    before = len(smtp.messages)
    world.next_meeting.starts_at += dt.timedelta(hours=2)
    world.next_meeting.save()
    result = sweep()
    run_pending_tasks()
    assert result.recorded[Kind.MEETING] == 3
    assert len(smtp.messages) == before + 3


def test_an_unreachable_server_leaves_reminders_pending_for_a_later_sweep(world, settings):
    from circles.notify.smtp_sink import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    sweep()
    run_pending_tasks()
    assert not Reminder.objects.exclude(state=Reminder.State.PENDING).exists()


def test_the_invitation_carries_the_next_meetings_calendar_entry(world, smtp):
    sweep()
    run_pending_tasks()
    [invitation] = [
        m
        for m in smtp.messages
        if to_address(m) == world.member.email and "Welcome" in m["Subject"]
    ]
    [ics] = [part for part in invitation.iter_attachments() if part.get_filename() == "invite.ics"]
    calendar = ics.get_content()
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "BEGIN:VEVENT" in calendar
    assert world.member.email in calendar
    assert SECRET_CASE not in calendar
