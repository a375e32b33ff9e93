"""`circles purge_audit`: delete audit events older than CIRCLES_AUDIT_RETENTION_DAYS."""

from __future__ import annotations

from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from circles.audit.models import AuditEvent
from circles.audit.services import PURGE_BATCH, audit_purge, retention_cutoff


class Command(BaseCommand):
    help = (
        "Delete audit events older than the retention period (CIRCLES_AUDIT_RETENTION_DAYS), "
        "in batches. The sweep runs the same purge."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=PURGE_BATCH, help="Events deleted per transaction."
        )

    def handle(self, *args: Any, batch_size: int, verbosity: int, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), highlight=False)
        cutoff = retention_cutoff()
        due = AuditEvent.objects.filter(created_at__lt=cutoff).count()
        days = settings.CIRCLES_AUDIT_RETENTION_DAYS
        if not due:
            console.print(f"No audit events older than {days} days.")
            return
        with Progress(
            TextColumn("Deleting old audit events"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=verbosity == 0,
            transient=True,
        ) as bar:
            task = bar.add_task("purge", total=due)
            removed = audit_purge(
                batch_size=max(batch_size, 1), progress=lambda n: bar.advance(task, n)
            )
        console.print(f"Deleted {removed:,} audit events older than {days} days.")
