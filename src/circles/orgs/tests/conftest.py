from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """The worker closes connections it thinks are stale; inside a test's transaction that would
    close the test's own connection (on PostgreSQL), so in-process runs keep it."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
