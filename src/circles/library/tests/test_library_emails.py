"""The library's emails: a consent request carrying the signed link, and the monthly digest of
what the person may read; both through the reminder sweep, preferences and unsubscribe."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from circles.library.models import Kind
from circles.library.services import library_item_create
from circles.library.stories import services as stories
from circles.notify.delivery import deliver
from circles.notify.models import Kind as ReminderKind
from circles.notify.models import Reminder
from circles.notify.services import preferences_update, reminders_record

pytestmark = pytest.mark.django_db


def send(kind):
    now = timezone.now()
    reminders_record(now=now)
    deliver(list(Reminder.objects.filter(kind=kind).values_list("pk", flat=True)))
    return [m for m in mail.outbox if m.to and m.subject]


def test_a_named_colleague_is_asked_once_with_a_link_that_works_without_signing_in(world):
    item = stories.story_create(
        author=world.member, title="A good turn", body="It helped.", named=[world.facilitator]
    )
    reminders_record(now=timezone.now())
    assert not Reminder.objects.filter(kind=ReminderKind.CONSENT).exists()  # a draft asks nobody
    stories.story_submit(item=item, author=world.member)
    sent = send(ReminderKind.CONSENT)
    assert len(sent) == 1
    assert world.facilitator.email in sent[0].to[0]
    assert "/library/stories/link/" in sent[0].body
    reminders_record(now=timezone.now())
    assert Reminder.objects.filter(kind=ReminderKind.CONSENT).count() == 1


def test_the_digest_lists_only_what_the_person_may_read_and_skips_an_empty_month(world):
    library_item_create(
        author=world.lead, kind=Kind.ARTICLE, title="For everyone", body="x", publish=True
    )
    library_item_create(
        author=world.lead,
        kind=Kind.GUIDE,
        title="Leads only",
        body="x",
        audience="leads",
        publish=True,
    )
    preferences_update(person=world.member, library_digest=True)
    preferences_update(person=world.peer, library_digest=True)
    preferences_update(person=world.peer, library_digest=False)
    sent = send(ReminderKind.LIBRARY)
    mine = [m for m in sent if world.member.email in m.to[0]]
    assert len(mine) == 1
    assert "For everyone" in mine[0].body
    assert "Leads only" not in mine[0].body
    # Optional: nobody else asked for it (or they switched it off again).
    assert [m for m in sent if "library" in m.subject.lower()] == mine
