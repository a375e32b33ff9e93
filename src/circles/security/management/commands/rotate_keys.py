"""`circles rotate_keys`: re-encrypt confidential text under the first data key, or --check."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from circles.security import keyring
from circles.security.management.commands._progress import console_for, progress_bar


class Command(BaseCommand):
    help = (
        "Re-encrypt every confidential value under the first key of CIRCLES_DATA_KEYS, in "
        "batches, while the app runs; stop and run it again at any time. --check only counts "
        "the values under each key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="count values per key; exit status 1 while any is under an old key",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=keyring.BATCH_SIZE,
            help=f"rows per transaction (default {keyring.BATCH_SIZE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = console_for(self.stdout)
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["check"]:
            self._check(console)
            return
        missing = keyring.key_usage().unreadable_key_ids
        if missing:
            # Refused before anything is rewritten: those values could not be decrypted.
            raise CommandError(
                f"Some values are under keys {', '.join(missing)}, which CIRCLES_DATA_KEYS does "
                "not hold: add them (after the current key) and run it again."
            )
        todo = keyring.rows_under_old_keys()
        if not any(todo.values()):
            console.print("Every confidential value is already under the current key.")
            return
        started = time.monotonic()
        with progress_bar(console) as bar:
            tasks = {
                label: bar.add_task(label, total=count) for label, count in todo.items() if count
            }

            def advance(label: str, rows: int) -> None:
                if label not in tasks:  # rows the app wrote under an old key meanwhile
                    tasks[label] = bar.add_task(label, total=None)
                bar.advance(tasks[label], rows)

            result = keyring.keys_rotate(batch_size=options["batch_size"], progress=advance)
        seconds = time.monotonic() - started
        console.print(
            f"Re-encrypted {result.rewritten} rows in {seconds:.1f} s "
            f"({result.rewritten / max(seconds, 1e-9):.0f} rows/s)."
        )
        if result.changed_meanwhile:
            console.print(f"{result.changed_meanwhile} rows were changed by the app meanwhile.")
        if result.remaining:
            raise CommandError(
                f"{result.remaining} rows are still under an old key (held by the app, or "
                "written by a process that still encrypts with an old key): run "
                "`circles rotate_keys` again once every process has the new key first."
            )
        console.print(
            "Every value is under the current key: old keys can leave CIRCLES_DATA_KEYS "
            "(check with `circles rotate_keys --check` first)."
        )

    def _check(self, console: Any) -> None:
        usage = keyring.key_usage()
        configured = keyring.configured_key_ids()
        totals = usage.total
        table = Table(title="Confidential values per data key")
        table.add_column("key")
        table.add_column("in CIRCLES_DATA_KEYS")
        table.add_column("values", justify="right")
        for position, kid in enumerate(configured, start=1):
            role = "1st: encrypts" if position == 1 else f"{position}: decrypts only"
            table.add_row(kid, role, str(totals.get(kid, 0)))
        for kid in usage.unreadable_key_ids:
            table.add_row(kid, "[red]missing: unreadable[/red]", str(totals[kid]))
        if totals.get(keyring.LEGACY):
            table.add_row("(before key ids)", "any", str(totals[keyring.LEGACY]))
        console.print(table)
        if usage.unreadable_key_ids:
            raise CommandError(
                f"Values under keys {', '.join(usage.unreadable_key_ids)} cannot be read: add "
                "those keys back to CIRCLES_DATA_KEYS."
            )
        if usage.under_old_keys:
            fields = sorted(
                f"{name} ({sum(n for kid, n in counts.items() if kid != configured[0])})"
                for name, counts in usage.by_field.items()
                if any(kid != configured[0] for kid in counts)
            )
            raise CommandError(
                f"{usage.under_old_keys} values are under old keys, in {', '.join(fields)}: "
                "keep the old keys and run `circles rotate_keys`."
            )
        removable = configured[1:]
        if removable:
            console.print(
                f"Nothing is under {', '.join(removable)} any more: those keys can be removed."
            )
        else:
            console.print("Every value is under the current key.")
