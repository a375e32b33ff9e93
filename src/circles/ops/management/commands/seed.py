"""`circles seed`: a large organisation with years of history, for benchmarks (never real use)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from circles.lib.errors import DomainError
from circles.ops.scale import seed as seeding


class _Bars(seeding.Progress):
    def __init__(self, bars: Progress) -> None:
        self.bars = bars
        self.task: Any = None
        self.written = 0
        self.started = time.perf_counter()

    def phase(self, name: str, total: int | None) -> None:
        self.finish()
        self.task = self.bars.add_task(name, total=total, rows="")

    def finish(self) -> None:
        if self.task is not None:
            self.bars.update(self.task, completed=self.bars.tasks[self.task].total)

    def advance(self, amount: int) -> None:
        self.bars.advance(self.task, amount)

    def rows(self, table: str, amount: int) -> None:
        self.written += amount
        rate = self.written / max(0.001, time.perf_counter() - self.started)
        self.bars.update(self.task, rows=f"{self.written:,} rows, {rate:,.0f}/s")


class Command(BaseCommand):
    help = (
        "Create a large organisation with years of history (people, circles with rhythms, "
        "meetings, cases, commitments, plans, pulses, reminders) to measure pages at scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--years", type=float, default=2.0)
        parser.add_argument("--organisation", default="scale", help="slug of the new organisation")
        parser.add_argument("--seed", type=int, default=15, help="random seed (same data again)")

    def handle(
        self, *args: Any, people: int, years: float, organisation: str, seed: int, **options: Any
    ) -> None:
        if people < 10 or not 0 < years <= 10:
            raise CommandError("--people must be at least 10 and --years between 0 and 10.")
        console = Console()
        columns = (
            TextColumn("{task.description:<36}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rows]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        started = time.perf_counter()
        with Progress(*columns, console=console) as bars:
            display = _Bars(bars)
            try:
                result = seeding.seed(
                    people=people, years=years, slug=organisation, seed=seed, progress=display
                )
            except DomainError as error:
                raise CommandError(str(error)) from error
            display.finish()
        seconds = time.perf_counter() - started
        table = Table(title=f"Seeded '{organisation}' on {connection.vendor}")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, count in sorted(result.rows.items(), key=lambda item: -item[1]):
            table.add_row(name, f"{count:,}")
        table.add_row("all tables", f"{result.total_rows:,}", style="bold")
        console.print(table)
        phases = ", ".join(f"{name} {s:.1f} s" for name, s in result.seconds.items())
        console.print(phases)
        console.print(
            f"{result.total_rows:,} rows in {seconds:.1f} s "
            f"({result.total_rows / seconds:,.0f} rows/s); sign in as any seeded person with "
            f"the password {seeding.SEED_PASSWORD!r}, e.g. {_first_email(result)}"
        )


def _first_email(result: seeding.SeedResult) -> str:
    person = result.organisation.people.filter(role="admin").order_by("pk").first()
    return person.email if person else "-"
