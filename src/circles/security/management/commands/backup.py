"""`circles backup FILE`: the whole database and its manifest, in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from circles.lib.errors import DomainError
from circles.security.backup import backup_create
from circles.security.management.commands._progress import console_for, stage_progress


class Command(BaseCommand):
    help = (
        "Back the database up into FILE (a new file), safe while the app runs: SQLite's online "
        "backup or pg_dump, with a manifest of row counts and checksums per table. The data "
        "keys are not in it: keep them apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write, e.g. circles.backup")

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        try:
            with stage_progress(console) as report:
                result = backup_create(path=options["file"], progress=report)
        except DomainError as error:
            raise CommandError(error.message) from error
        manifest = result.manifest
        console.print(
            f"Backed up {len(manifest['tables'])} tables, {result.rows} rows "
            f"({manifest['database']['bytes'] / 1e6:.1f} MB, {manifest['vendor']}) "
            f"to {result.path}."
        )
        console.print(
            "Its confidential text needs the data keys "
            f"{', '.join(manifest['data_key_ids']) or '(none yet)'}: keep CIRCLES_DATA_KEYS "
            "apart from this file, and keep old keys as long as backups need them."
        )
