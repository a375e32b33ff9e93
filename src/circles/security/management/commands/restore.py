"""`circles restore FILE`: a backup back into an empty database, checked table by table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from circles.lib.errors import DomainError
from circles.security.backup import backup_restore
from circles.security.management.commands._progress import console_for, stage_progress


class Command(BaseCommand):
    help = (
        "Restore a backup made by `circles backup` into the configured database, which must be "
        "empty (--force replaces what it holds), then check every table's rows against the "
        "backup's manifest. Stop the app first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `circles backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore into a database that holds data, replacing it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        try:
            with stage_progress(console) as report:
                result = backup_restore(
                    path=options["file"],
                    force=options["force"],
                    progress=report,
                )
        except DomainError as error:
            raise CommandError(error.message) from error
        console.print(
            f"Restored {len(result.manifest['tables'])} tables, {result.rows} rows, from the "
            f"backup of {result.manifest['created_at']}; every table matches its manifest."
        )
        if result.missing_key_ids:
            console.print(
                "[bold]Confidential text in it is under data keys "
                f"{', '.join(result.missing_key_ids)}, "
                "which CIRCLES_DATA_KEYS does not hold:[/bold] "
                "add them (after the current key) before starting the app."
            )
