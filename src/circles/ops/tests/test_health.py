"""`/healthz` says the process is alive and reaches its database; `/readyz` also that every
migration is applied and a task worker took work recently."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from circles.notify.worker import run_pending_tasks
from circles.ops import health
from circles.ops.heartbeat import (
    TASK_PATH,
    heartbeat_record,
    worker_heartbeat_enqueue,
    worker_is_recent,
)
from circles.ops.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("circles.ops.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_both_need_no_login_and_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_readyz_is_not_ready_before_any_worker_took_the_heartbeat(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] is False
    assert response.json()["checks"]["migrations"] is True


def test_readyz_is_ready_once_a_worker_ran_the_heartbeat_the_sweep_enqueued(client):
    assert worker_heartbeat_enqueue()
    # A second round while the first heartbeat still waits adds none.
    assert not worker_heartbeat_enqueue()
    run_pending_tasks()
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ready"
    assert response.json()["checks"]["worker_seen_seconds_ago"] == 0
    # The finished heartbeat task rows do not pile up.
    worker_heartbeat_enqueue()
    run_pending_tasks()
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() <= 1


def test_readyz_turns_not_ready_when_the_heartbeat_is_old(client, settings):
    settings.CIRCLES_READY_WORKER_SECONDS = 60
    heartbeat_record(name="worker", now=timezone.now() - dt.timedelta(seconds=61))
    assert client.get("/readyz").status_code == 503
    assert not worker_is_recent()[0]
    Heartbeat.objects.update(seen_at=timezone.now())
    assert client.get("/readyz").status_code == 200


def test_readyz_is_not_ready_while_a_migration_is_pending(client, monkeypatch):
    heartbeat_record(name="worker")
    monkeypatch.setattr(health, "_migrated", False)
    with mock.patch.object(
        health.MigrationExecutor, "migration_plan", return_value=[("a migration", False)]
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["pending_migrations"] == 1


def test_readyz_answers_503_when_the_database_does_not(client):
    with mock.patch("circles.ops.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False}
