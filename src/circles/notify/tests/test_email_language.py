"""Emails go out in the recipient's language, with dates in their locale and on their clock,
whoever or whatever sends them (here: the sweep and the worker, with no request at all).

No German catalogue exists yet, so these tests look at what the language decides by itself:
which language was active while an email was rendered, and how its dates read.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone, translation

from circles.languages import formats
from circles.notify import emails
from circles.notify.content import Content
from circles.notify.models import Kind, Reminder
from circles.notify.services import sweep
from circles.notify.worker import run_pending_tasks

pytestmark = pytest.mark.django_db

BERLIN = "Europe/Berlin"


@pytest.fixture(autouse=True)
def _locmem_and_three_days_ahead(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CIRCLES_MEETING_REMINDER_HOURS = 96
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def german_member(world):
    world.member.preferred_language = "de"
    world.member.time_zone = BERLIN
    world.member.save(update_fields=["preferred_language", "time_zone"])
    return world.member


@pytest.fixture
def renders(monkeypatch):
    """(recipient id, template, active language, active time zone) of every email part."""
    seen: list[tuple[int, str, str, str]] = []
    real = emails.render_to_string

    def spy(template_name, context=None, *args, **kwargs):
        seen.append(
            (
                context["person"].pk,
                template_name,
                translation.get_language(),
                timezone.get_current_timezone_name(),
            )
        )
        return real(template_name, context, *args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", spy)
    return seen


def to(person):
    return [m for m in mail.outbox if person.email in m.to[0]]


def kind_of(message) -> str:
    return Reminder.objects.get(message_id=message.extra_headers["Message-ID"]).kind


def fresh(reminder: Reminder) -> Reminder:
    """The reminder as the worker reads it, its person's organisation included."""
    return Reminder.objects.select_related("person__organisation").get(pk=reminder.pk)


def test_the_sweep_renders_each_email_in_its_recipients_language_and_time_zone(
    world, german_member, renders
):
    sweep()
    run_pending_tasks()
    mine = {(t, language, zone) for pk, t, language, zone in renders if pk == german_member.pk}
    assert mine
    assert {(language, zone) for _, language, zone in mine} == {("de", BERLIN)}
    others = {(language, zone) for pk, _, language, zone in renders if pk != german_member.pk}
    assert others == {("en", "UTC")}
    # The worker's own language is left as it was.
    assert translation.get_language() == "en"

    sent = to(german_member)
    [overdue] = [m for m in sent if kind_of(m) == Kind.OVERDUE]
    made_on = world.past_meeting.local_start.date()
    with translation.override("de"):
        german_made_on = formats.format_local_date(made_on, "MMMd")
    # German dates: "3. März", never "3 Mar".
    assert german_made_on in overdue.subject
    assert german_made_on.startswith(f"{made_on.day}.")

    [meeting] = [m for m in sent if kind_of(m) == Kind.MEETING]
    with translation.override("de"), timezone.override(zoneinfo.ZoneInfo(BERLIN)):
        berlin_start = formats.format_local_datetime(world.next_meeting.starts_at, "MMMMEEEEdjm")
        subject_start = formats.format_local_datetime(world.next_meeting.starts_at, "MMMEdjm")
    assert berlin_start in meeting.body
    assert subject_start in meeting.subject
    html = meeting.alternatives[0][0]
    assert '<html lang="de">' in html
    assert berlin_start in html


def test_a_december_date_reads_as_german_in_a_german_email(world, german_member, renders):
    reminder = Reminder.objects.create(
        kind=Kind.DUE_SOON,
        object_id=world.commitment.pk,
        person=german_member,
        occasion="2026-12-11",
    )
    content = Content(
        subject="Your commitment",
        template="due_soon",
        context={
            "circle": world.circle,
            "made_on": dt.date(2026, 12, 4),
            "due_on": dt.date(2026, 12, 11),
            "url": "http://testserver/commitments/",
        },
    )
    message = emails.build(fresh(reminder), content)
    assert {language for _, _, language, _ in renders} == {"de"}
    assert "4. Dezember" in message.body
    assert "Freitag, 11. Dezember" in message.body
    assert "Hello" not in message.body
    assert "December" not in message.body
    with translation.override("de"):
        assert formats.format_local_date(dt.date(2026, 12, 4), "MMMd") == "4. Dez."


def test_someone_without_a_choice_gets_their_organisations_language(world, renders):
    world.org.language = "de"
    world.org.save(update_fields=["language"])
    reminder = Reminder.objects.create(
        kind=Kind.TRANSFER, object_id=world.commitment.pk, person=world.peer, occasion="due"
    )
    content = Content(
        subject="Looking back",
        template="transfer",
        context={
            "circle": world.circle,
            "made_on": dt.date(2026, 12, 4),
            "url": "http://testserver/transfer-checks/1/",
        },
    )
    message = emails.build(fresh(reminder), content)
    assert {language for _, _, language, _ in renders} == {"de"}
    assert "4. Dezember" in message.body
