"""Reminder benchmark: N people with a commitment due tomorrow, every reminder sent over SMTP.

    python -m circles.notify.bench [--people 100000] [--time-limit 900]

Runs on its own SQLite file in a temporary directory, with an aiosmtpd sink on loopback in a
separate process (the peak memory printed is the worker process's). It goes through the real
path: the sweep records and enqueues, the database worker runs the delivery tasks. Prints
figures; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _configure(directory: Path, port: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "circles.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--time-limit", type=float, default=900, help="seconds for sending")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from circles.notify.smtp_sink import free_port

    console = Console()
    port = free_port()
    counter = multiprocessing.Value("q", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_serve_sink, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(30)
    with tempfile.TemporaryDirectory() as tmp:
        _configure(Path(tmp), port)
        from django.core.management import call_command

        from circles.notify.models import Reminder
        from circles.notify.services import sweep
        from circles.notify.worker import run_pending_tasks

        call_command("migrate", verbosity=0)
        columns = (
            "{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as bar:
            started = time.perf_counter()
            _populate(args.people, bar)
            populate_s = time.perf_counter() - started

            started = time.perf_counter()
            result = sweep()
            sweep_s = time.perf_counter() - started

            task = bar.add_task("Sending over SMTP", total=result.enqueued)
            started = time.perf_counter()
            deadline = started + args.time_limit
            while time.perf_counter() < deadline:
                before = counter.value
                run_pending_tasks(max_tasks=1)
                bar.update(task, completed=counter.value)
                if (
                    counter.value == before
                    and not Reminder.objects.filter(state=Reminder.State.PENDING).exists()
                ):
                    break
            send_s = time.perf_counter() - started
        sent = Reminder.objects.filter(state=Reminder.State.SENT).count()
        # ru_maxrss is in kilobytes on Linux.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        console.print(f"people:               {args.people:,}")
        console.print(f"populate:             {populate_s:.1f} s")
        console.print(
            f"sweep:                {sweep_s:.1f} s "
            f"({result.recorded_total:,} recorded, {result.batches} tasks)"
        )
        console.print(f"sent:                 {sent:,} (SMTP server received {counter.value:,})")
        console.print(f"sending:              {send_s:.1f} s")
        console.print(f"messages per second:  {sent / send_s:,.0f}")
        console.print(f"peak memory:          {peak_mb:,.0f} MB")
        if sent < result.recorded_total:
            console.print("stopped at the time limit before every reminder was sent")
    sink.terminate()
    sys.exit(0)


if __name__ == "__main__":
    main()
