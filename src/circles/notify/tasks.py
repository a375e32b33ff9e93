"""Background tasks, run by `circles db_worker`: thin adapters over the notify services."""

from __future__ import annotations

from django_tasks import task

from . import delivery


@task()
def deliver_reminders(reminder_ids: list[int]) -> dict[str, int]:
    """Send a batch of reminders; a second run of the same batch sends nothing again."""
    return delivery.deliver(reminder_ids).as_dict()


@task()
def send_chat_post(post_id: int) -> str:
    """Post one chat nudge (Slack or Teams); a failure enqueues the next attempt itself."""
    from .chat.services import chat_post_send

    return chat_post_send(post_id)
