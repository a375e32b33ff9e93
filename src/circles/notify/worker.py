"""Running the database worker in-process, for tests and the benchmark."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker


def run_pending_tasks(*, max_tasks: int | None = None) -> None:
    """Run queued tasks in this process until the queue is empty (or max_tasks ran)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="in-process",
        excluded_queue_names=[],
    ).run()
