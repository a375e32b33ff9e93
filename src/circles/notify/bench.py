"""Reminder benchmark: N people with a commitment due tomorrow, every reminder sent over SMTP.

    python -m circles.notify.bench [--people 100000] [--time-limit 900]
    python -m circles.notify.bench --postgres URL [--workers 1,2,4]

Runs on its own SQLite file in a temporary directory (or, with --postgres, a temporary database
on that server), with an aiosmtpd sink on loopback in a separate process. It goes through the
real path: the sweep records and enqueues, the database worker runs the delivery tasks. On
SQLite one worker runs in this process (the peak memory printed is its own); with --workers,
that many `circles db_worker` processes share the queue, and the same reminders are sent again
for each count. Prints figures; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from circles.ops.scale.options import postgres_option


def _configure(directory: Path, port: int, database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "circles.settings"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["CIRCLES_VAR_DIR"] = str(directory)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ["DEBUG"] = "false"
    from circles.security.startup_keys import use_throwaway_keys

    use_throwaway_keys()
    import django

    django.setup()


def _populate(people: int, progress: object) -> None:
    from django.utils import timezone

    from circles.groups.models import Circle, Membership
    from circles.growth.models import Commitment
    from circles.lib.confidential import encrypt
    from circles.meetings.models import Meeting
    from circles.orgs.models import Organisation, Person, Programme

    bar = progress  # rich Progress
    org = Organisation.objects.create(name="Bench", slug="bench")
    programme = Programme.objects.create(organisation=org, name="Bench", purpose="Benchmark")
    task = bar.add_task("Creating people", total=people)  # type: ignore[attr-defined]
    chunk = 5000
    for start in range(0, people, chunk):
        Person.objects.bulk_create(
            Person(organisation=org, full_name=f"Person {n:06d}", email=f"p{n}@bench.example")
            for n in range(start, min(people, start + chunk))
        )
        bar.update(task, advance=min(chunk, people - start))  # type: ignore[attr-defined]
    ids = list(Person.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    # One ciphertext for every action: encryption cost is not what this measures.
    action = encrypt("A concrete next step")
    task = bar.add_task("Circles and commitments", total=len(ids))  # type: ignore[attr-defined]
    for start in range(0, len(ids), chunk):
        group = ids[start : start + chunk]
        circles = Circle.objects.bulk_create(
            Circle(organisation=org, programme=programme, name=f"C{start + i}")
            for i in range(0, len(group), 8)
        )
        meetings = Meeting.objects.bulk_create(
            Meeting(
                organisation=org,
                circle=c,
                starts_at=now - dt.timedelta(days=7),
                status=Meeting.Status.HELD,
            )
            for c in circles
        )
        Membership.objects.bulk_create(
            Membership(circle=circles[i // 8], person_id=pk, joined_on=tomorrow - dt.timedelta(60))
            for i, pk in enumerate(group)
        )
        rows = [
            Commitment(
                organisation=org,
                circle=circles[i // 8],
                owner_id=pk,
                made_at=meetings[i // 8],
                action="x",
                due_on=tomorrow,
            )
            for i, pk in enumerate(group)
        ]
        Commitment.objects.bulk_create(rows)
        bar.update(task, advance=len(group))  # type: ignore[attr-defined]
    # bulk_create encrypted "x" per row; give every row the shared ciphertext in one statement.
    Commitment.objects.filter(organisation=org).update(action=action)


def _serve_sink(port: int, counter: Any, ready: Any) -> None:
    """The SMTP sink in its own process, so that it does not compete with the worker's GIL."""
    from circles.notify.smtp_sink import Sink, SmtpServer

    class CountingSink(Sink):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with counter.get_lock():
                counter.value += 1
            return "250 Message accepted for delivery"

    with SmtpServer(CountingSink(keep=False), port=port):
        ready.set()
        while True:
            time.sleep(3600)


def _send_in_process(counter: Any, bar: Any, task: Any, time_limit: float) -> None:
    from circles.notify.models import Reminder
    from circles.notify.worker import run_pending_tasks

    deadline = time.perf_counter() + time_limit
    while time.perf_counter() < deadline:
        before = counter.value
        run_pending_tasks(max_tasks=1)
        bar.update(task, completed=counter.value)
        if (
            counter.value == before
            and not Reminder.objects.filter(state=Reminder.State.PENDING).exists()
        ):
            return


def _send_with_workers(workers: int, expected: int, bar: Any, task: Any, limit: float) -> None:
    """``workers`` `circles db_worker` processes on the queue until every reminder is sent."""
    from circles.notify.models import Reminder

    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "circles.cli",
                "db_worker",
                "--no-reload",
                "--interval=0.1",
                f"--worker-id=bench-{n}",
                "-v0",
            ],
            start_new_session=True,
        )
        for n in range(workers)
    ]
    try:
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            sent = Reminder.objects.filter(state=Reminder.State.SENT).count()
            bar.update(task, completed=sent)
            if sent >= expected:
                return
            time.sleep(0.2)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(60)


def _reset() -> None:
    """The same reminders to send again: nothing recorded, nothing queued."""
    from django_tasks_db.models import DBTaskResult

    from circles.notify.models import Reminder

    Reminder.objects.all().delete()
    DBTaskResult.objects.all().delete()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--time-limit", type=float, default=900, help="seconds for sending")
    postgres_option(parser, "to make the benchmark's database on")
    parser.add_argument(
        "--workers",
        default="",
        metavar="N,N,...",
        help="db_worker processes for each round (default: 1,2,4 on PostgreSQL; on SQLite "
        "one worker in this process)",
    )
    args = parser.parse_args(argv)
    rounds = [int(n) for n in (args.workers or ("1,2,4" if args.postgres else "")).split(",") if n]

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from circles.notify.smtp_sink import free_port
    from circles.ops.faults.battery import postgres_database

    console = Console()
    port = free_port()
    counter = multiprocessing.Value("q", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_serve_sink, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(30)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as cleanup:
        url = (
            cleanup.enter_context(postgres_database(args.postgres, "circles_bench_reminders"))
            if args.postgres
            else ""
        )
        _configure(Path(tmp), port, url)
        from django.core.management import call_command
        from django.db import connection

        from circles.notify.models import Reminder
        from circles.notify.services import sweep

        call_command("migrate", verbosity=0)
        columns = (
            "{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        results: list[tuple[str, int, float, float, int]] = []
        with Progress(*columns, console=console) as bar:
            started = time.perf_counter()
            _populate(args.people, bar)
            populate_s = time.perf_counter() - started
            for workers in rounds or [0]:
                _reset()
                counter.value = 0
                started = time.perf_counter()
                result = sweep()
                sweep_s = time.perf_counter() - started
                label = f"{workers} worker process(es)" if workers else "1 worker in-process"
                task = bar.add_task(f"Sending over SMTP, {label}", total=result.recorded_total)
                started = time.perf_counter()
                if workers:
                    # The worker processes open their own connections; this one only watches.
                    connection.close()
                    _send_with_workers(workers, result.recorded_total, bar, task, args.time_limit)
                else:
                    _send_in_process(counter, bar, task, args.time_limit)
                send_s = time.perf_counter() - started
                sent = Reminder.objects.filter(state=Reminder.State.SENT).count()
                results.append((label, sent, sweep_s, send_s, counter.value))
        # ru_maxrss is in kilobytes on Linux.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        console.print(
            f"{args.people:,} people on {connection.vendor}; populated in {populate_s:.1f} s"
        )
        grid = Table(title="Reminders over SMTP")
        for name in ("workers", "sent", "SMTP received", "sweep s", "sending s", "messages/s"):
            grid.add_column(name, justify="left" if name == "workers" else "right")
        for label, sent, sweep_s, send_s, received in results:
            grid.add_row(
                label,
                f"{sent:,}",
                f"{received:,}",
                f"{sweep_s:.1f}",
                f"{send_s:.1f}",
                f"{sent / send_s:,.0f}",
            )
        console.print(grid)
        if not rounds:
            console.print(f"peak memory of the in-process worker: {peak_mb:,.0f} MB")
        if any(sent < args.people for _, sent, *_ in results):
            console.print("a round stopped at the time limit before every reminder was sent")
    sink.terminate()
    sys.exit(0)


if __name__ == "__main__":
    main()
