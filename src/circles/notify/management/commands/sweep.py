"""`circles sweep`: record due reminders and enqueue their delivery (once, or every N seconds)."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from rich.progress import Progress, SpinnerColumn, TextColumn

from circles.notify.services import BATCH_SIZE, sweep
from circles.ops.heartbeat import worker_heartbeat_enqueue
from circles.ops.outage import is_connection_error

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Record the reminders due now and enqueue them for the worker (db_worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep running and sweep every SECONDS (used by ./dev serve); 0 sweeps once.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            metavar="N",
            help=f"reminders per delivery task (default {BATCH_SIZE}); smaller batches spread "
            "sending over more workers",
        )

    def handle(
        self, *args: Any, every: float, batch_size: int, verbosity: int, **options: Any
    ) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.batch_size = batch_size
        if every <= 0:
            self._sweep_once(show_progress=verbosity > 0)
            return
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while self.running:
            close_old_connections()
            try:
                self._sweep_once(show_progress=False, quiet=verbosity < 2)
            except DatabaseError as error:
                # Unreachable, locked or lost mid-result: try again next round instead of
                # exiting; what was due is still due then.
                known = isinstance(error, (OperationalError, InterfaceError))
                if not known and not is_connection_error(error):
                    raise
                logger.warning("sweep skipped, database unreachable: %s", error)
            deadline = time.monotonic() + every
            while self.running and time.monotonic() < deadline:
                time.sleep(min(0.5, every))

    def _sweep_once(self, *, show_progress: bool, quiet: bool = False) -> None:
        # Whichever worker runs it next proves the queue moves (`/readyz`).
        worker_heartbeat_enqueue()
        if show_progress:
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as bar:
                task = bar.add_task("Sweeping", total=None)
                counts: dict[str, int] = {}

                def progress(step: str, n: int) -> None:
                    counts[step] = counts.get(step, 0) + n
                    bar.update(task, description=f"{step}: {counts[step]:,}")

                result = sweep(progress=progress, batch_size=self.batch_size)
        else:
            result = sweep(batch_size=self.batch_size)
        if quiet and not result.enqueued:
            return
        recorded = ", ".join(f"{k} {v}" for k, v in result.recorded.items() if v) or "none"
        self.stdout.write(
            f"Recorded {result.recorded_total} new reminders ({recorded}); "
            f"enqueued {result.enqueued} in {result.batches} batches."
        )
