"""Two web processes, two task workers and two sweeps on one PostgreSQL: requests alternate
between the web processes, the workers share the jobs, nothing runs or is sent twice. Runs when
CIRCLES_TEST_POSTGRES names a server, which CI must (like the PostgreSQL run)."""

from __future__ import annotations

import os

import pytest

from circles.ops.scale.cluster import MEETINGS, PEOPLE_PER_MEETING, run

POSTGRES = os.environ.get("CIRCLES_TEST_POSTGRES", "")


def test_two_web_processes_and_two_workers_share_the_work_on_postgresql():
    if not POSTGRES:
        if os.environ.get("CI") == "true":
            pytest.fail("CIRCLES_TEST_POSTGRES is not set: on CI the scale-out test runs.")
        pytest.skip("set CIRCLES_TEST_POSTGRES to run the scale-out test on PostgreSQL")
    figures = run(POSTGRES, members=10, seconds=4, say=lambda *a: None)
    # Every request was answered by the process it went to, and both took their share.
    assert all(figures.requests_by_server.values()), figures.requests_by_server
    assert not figures.server_errors, figures.server_errors[:10]
    assert figures.writes > 0
    assert not figures.lost, figures.lost[:10]
    # Both workers ran jobs; no job was claimed by two; every reminder was sent exactly once.
    assert sorted(figures.tasks_by_worker) == ["worker-1", "worker-2"], figures.tasks_by_worker
    assert all(figures.tasks_by_worker.values())
    assert not figures.claimed_twice
    assert figures.failed_tasks == 0
    assert figures.reminder_rows == figures.reminders_sent == MEETINGS * PEOPLE_PER_MEETING
    assert figures.duplicates == 0
    assert figures.passed
