"""The short fault battery against the production server: on SQLite always, on PostgreSQL
when CIRCLES_TEST_POSTGRES names a server (required on CI, like the PostgreSQL run)."""

from __future__ import annotations

import os

import pytest

from circles.ops.faults.battery import SHORT, run

POSTGRES = os.environ.get("CIRCLES_TEST_POSTGRES", "")


def _assert_passed(figures, said=()):
    # What the battery said, with the server's log when it failed: the cause of any 500.
    log = "\n".join(str(line) for line in said)[-6000:]
    assert not figures.server_errors, (figures.server_errors[:10], log)
    assert not figures.lost, figures.lost[:10]
    assert figures.writes > 0
    assert figures.found_after_kill == figures.writes_around_kill > 0
    assert figures.reminders_sent == figures.reminders_due
    assert figures.outage_unclear == 0
    assert figures.passed, figures


def test_the_short_battery_on_sqlite():
    said: list[object] = []
    _assert_passed(run("sqlite", SHORT, say=said.append), said)


def test_the_short_battery_on_postgresql():
    if not POSTGRES:
        if os.environ.get("CI") == "true":
            pytest.fail("CIRCLES_TEST_POSTGRES is not set: on CI the PostgreSQL battery runs.")
        pytest.skip("set CIRCLES_TEST_POSTGRES to run the battery on PostgreSQL")
    said: list[object] = []
    figures = run("postgresql", SHORT, postgres_url=POSTGRES, say=said.append)
    _assert_passed(figures, said)
    assert figures.outage_503, "no 503 while the database was unreachable"
    assert figures.recovery_seconds is not None
