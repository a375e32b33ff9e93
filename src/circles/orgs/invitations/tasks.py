"""Background tasks for invitations, run by `circles db_worker`."""

from __future__ import annotations

from django_tasks import task

from circles.ops.priorities import SOMEONE_WAITS

from .emails import invitation_deliver


@task(priority=SOMEONE_WAITS)
def deliver_invitation(invitation_id: int) -> bool:
    return invitation_deliver(invitation_id=invitation_id)
