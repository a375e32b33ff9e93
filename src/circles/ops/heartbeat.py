"""The task workers' heartbeat: the sweep enqueues a small task every round, and whichever
worker runs it records the time. A recent heartbeat means that some worker takes work from the
queue, end to end, not only that a worker process exists."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from circles.ops.models import Heartbeat

WORKER = "worker"
TASK_PATH = "circles.ops.heartbeat.worker_heartbeat"


def heartbeat_record(*, name: str, now: dt.datetime | None = None) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(
        name=name,
        defaults={
            "seen_at": now or timezone.now(),
            "source": f"{socket.gethostname()}:{os.getpid()}",
        },
    )
    return beat


def heartbeat_age(*, name: str, now: dt.datetime | None = None) -> float | None:
    """Seconds since the last heartbeat of ``name``; None if there never was one."""
    seen = Heartbeat.objects.filter(name=name).values_list("seen_at", flat=True).first()
    if seen is None:
        return None
    return max(0.0, ((now or timezone.now()) - seen).total_seconds())


@task()
def worker_heartbeat() -> None:
    heartbeat_record(name=WORKER)
    # Only the latest heartbeat task is worth keeping: one a minute would pile up otherwise.
    DBTaskResult.objects.filter(task_path=TASK_PATH, finished_at__isnull=False).delete()


def worker_heartbeat_enqueue() -> bool:
    """Ask some worker for a heartbeat, unless one is still waiting to be run (a stopped
    worker must not leave one per sweep round behind)."""
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=TASK_PATH)
    if waiting.exists():
        return False
    worker_heartbeat.enqueue()
    return True


def worker_is_recent(now: dt.datetime | None = None) -> tuple[bool, float | None]:
    age = heartbeat_age(name=WORKER, now=now)
    return age is not None and age <= settings.CIRCLES_READY_WORKER_SECONDS, age
