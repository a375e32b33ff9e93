"""The progress bar and console of the key and backup commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, cast

from django.core.management.base import OutputWrapper
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from circles.security.backup import Progress as Report


def console_for(stdout: OutputWrapper) -> Console:
    return Console(file=cast(IO[str], stdout), highlight=False)


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


@contextmanager
def stage_progress(console: Console) -> Iterator[Report]:
    """A bar per stage of a backup or restore: `report(stage, done, total)` moves it."""
    tasks: dict[str, TaskID] = {}
    with progress_bar(console) as bar:

        def report(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report
