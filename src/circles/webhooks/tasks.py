"""Background tasks, run by `circles db_worker`: thin adapters over the delivery."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a delivery; a failure schedules the next attempt itself."""
    from .delivery import delivery_attempt

    return delivery_attempt(delivery_id)
