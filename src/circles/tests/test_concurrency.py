"""Two transactions at once, for real: threads with their own database connections, released
together by a barrier, on SQLite (a file database, as in production) and on PostgreSQL.

The locks under test: one meeting generator per circle, one worker per reminder, one runner
step per "next" shown on screen.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.meetings.models import Meeting, MeetingRun
from circles.meetings.runner import services as runner
from circles.meetings.schedule.services import circle_rhythm_set, meetings_generate
from circles.notify.delivery import deliver
from circles.notify.models import Reminder
from circles.notify.services import reminders_record
from circles.notify.smtp_sink import Sink, SmtpServer
from circles.testing import build_world

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 4


def race(work: Callable[[int], Any], racers: int = RACERS) -> list[Any]:
    """Run ``work(i)`` in ``racers`` threads released at the same moment; each thread has its
    own connection. Returns each result, or the exception it raised."""
    barrier = threading.Barrier(racers)
    results: list[Any] = [None] * racers

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # the caller inspects every outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racer never finished"
    return results


@pytest.fixture
def world(transactional_db: None):
    if connection.vendor == "sqlite":
        # Concurrent writers need the production setup: a file in WAL mode.
        assert connection.settings_dict["NAME"] not in {":memory:", ""}
        assert "mode=memory" not in str(connection.settings_dict["NAME"])
    return build_world()


def test_two_generators_at_once_create_each_meeting_once(world):
    circle_rhythm_set(
        circle=world.circle,
        changed_by=world.member,
        cadence="weekly",
        meeting_time=dt.time(10, 0),
        first_meeting_on=timezone.localdate() + dt.timedelta(days=30),
        time_zone="UTC",
        meeting_weekday=(timezone.localdate() + dt.timedelta(days=30)).weekday(),
        ahead=1,
    )
    before = Meeting.objects.filter(circle=world.circle).count()
    results = race(lambda _: meetings_generate(circle=world.circle, count=6))
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    created = sum(len(r) for r in results)
    starts = list(
        Meeting.objects.filter(circle=world.circle).values_list("planned_start", flat=True)
    )
    assert len(starts) == len(set(starts)), "a slot got two meetings"
    assert Meeting.objects.filter(circle=world.circle).count() == before + created
    # Every racer asked for the next six slots: together they made them exactly once.
    assert created == len(set(starts)) - before


def test_two_workers_claiming_one_reminder_send_it_once(world, settings):
    sink = Sink()
    with SmtpServer(sink) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        reminders_record(now=timezone.now())
        ids = list(Reminder.objects.values_list("pk", flat=True))
        assert ids
        results = race(lambda _: deliver(ids))
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    assert sum(r.sent for r in results) == len(ids) - sum(r.skipped for r in results)
    sent = Reminder.objects.filter(state=Reminder.State.SENT).count()
    assert len(sink.messages) == sent
    recipients_and_subjects = [(m["To"], m["Subject"]) for m in sink.messages]
    assert len(recipients_and_subjects) == len(set(recipients_and_subjects)), "sent twice"


def test_two_next_presses_on_the_same_screen_move_the_runner_one_step(world):
    run = runner.run_start(meeting=world.next_meeting, started_by=world.facilitator, early_ok=True)
    shown = run.version
    pressers = [world.facilitator, world.member, world.peer, world.facilitator]

    def press(index: int) -> MeetingRun:
        current = MeetingRun.objects.get(pk=run.pk)
        return runner.run_move(
            run=current, moved_by=pressers[index], steps=1, expected_version=shown
        )

    results = race(press)
    moved = [r for r in results if isinstance(r, MeetingRun)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(moved) == 1, results
    assert len(refused) == RACERS - 1, results
    assert all("moved the meeting on" in r.message for r in refused)
    run.refresh_from_db()
    assert run.version == shown + 1
    assert (run.step_index, run.round_position) == (moved[0].step_index, moved[0].round_position)
