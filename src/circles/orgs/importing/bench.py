"""People import benchmark: a generated HR export of N people, previewed then applied.

    python -m circles.orgs.importing.bench [--people 100000] [--postgres URL]

Each database runs in its own process (so the peak memory printed is that run's alone) on a
fresh database: a temporary SQLite file, and with --postgres (or CIRCLES_BENCH_POSTGRES) a
temporary database created on that server and dropped afterwards. It goes through the same
services as the page and the CLI: upload, preview, apply, then the same file again (which must
change nothing). Prints figures; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from circles.ops.scale.options import postgres_option

OFFICES = {
    "Berlin": "Europe/Berlin",
    "Lisbon": "Europe/Lisbon",
    "New York": "America/New_York",
    "Singapore": "Asia/Singapore",
    "London": "Europe/London",
}
DEPARTMENTS = ("Engineering", "Sales", "Finance", "People", "Operations", "Marketing", "Legal")
HEADERS = (
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Department",
    "Job Title",
    "Location",
    "Time Zone",
    "Manager Email",
    "Hire Date",
    "Job Level",
)


def generate_csv(people: int, *, seed: int = 1) -> bytes:
    """An export of ``people`` rows: managers earlier in the file than most of their reports."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    start = dt.date(2005, 1, 1)
    for n in range(people):
        office = rng.choice(list(OFFICES))
        manager = "" if n < 10 else f"person.{rng.randrange(max(1, n // 8), n)}@bench.example"
        writer.writerow(
            (
                f"E{n:06d}",
                f"First{n}",
                f"Last{n}",
                f"Person.{n}@Bench.example",
                rng.choice(DEPARTMENTS),
                f"Role {rng.randrange(40)}",
                office,
                OFFICES[office],
                manager,
                (start + dt.timedelta(days=rng.randrange(7000))).isoformat(),
                rng.randint(1, 12),
            )
        )
    return out.getvalue().encode()


def _run_one(database_url: str, people: int) -> dict[str, float | int | str]:
    """Run in a child process: set Django up on the given database and time the import."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "circles.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    from circles.security.startup_keys import use_throwaway_keys

    use_throwaway_keys()
    os.environ["CIRCLES_IMPORT_MAX_MB"] = "200"
    import django

    django.setup()
    from django.core.management import call_command

    from circles.orgs.importing import services
    from circles.orgs.models import PeopleImport, Person
    from circles.orgs.people.services import person_create
    from circles.orgs.services import organisation_create

    call_command("migrate", verbosity=0)
    organisation = organisation_create(name="Bench", slug="bench")
    person_create(
        organisation=organisation,
        full_name="Bench Admin",
        email="person.0@bench.example",
        role="admin",
    )
    content = generate_csv(people)
    figures: dict[str, float | int | str] = {"people": people, "megabytes": len(content) / 1e6}

    def timed(name: str, action: Callable[[], PeopleImport]) -> PeopleImport:
        started = time.perf_counter()
        result = action()
        figures[name] = round(time.perf_counter() - started, 2)
        return result

    upload = timed(
        "upload_s",
        lambda: services.import_upload(
            organisation=organisation, uploaded_by=None, filename="bench.csv", content=content
        ),
    )
    previewed = timed("preview_s", lambda: services.import_preview(people_import=upload))
    figures["preview_status"] = previewed.status
    services.import_request_apply(people_import=previewed)
    applied = timed("apply_s", lambda: services.import_apply(people_import=previewed))
    figures["apply_status"] = applied.status
    figures["created"] = applied.summary.get("created", 0)
    figures["people_in_database"] = Person.objects.filter(organisation=organisation).count()
    again = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="again.csv", content=content
    )
    again = timed("again_preview_s", lambda: services.import_preview(people_import=again))
    figures["again_unchanged"] = again.summary.get("unchanged", 0)
    # ru_maxrss is in kilobytes on Linux.
    figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def _postgres_database(url: str, name: str, *, create: bool) -> str:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = "postgres"
    with psycopg.connect(psycopg.conninfo.make_conninfo("", **info), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def _child(database_url: str, people: int) -> dict[str, float | int | str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "circles.orgs.importing.bench",
            "--child",
            database_url,
            "--people",
            str(people),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    postgres_option(parser, "to make a temporary database on")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run_one(args.child, args.people)))
        return

    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    runs: list[tuple[str, dict[str, float | int | str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        console.print(f"SQLite: importing {args.people:,} people…")
        runs.append(("SQLite", _child(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.people)))
    if args.postgres:
        name = f"circles_bench_import_{os.getpid()}"
        url = _postgres_database(args.postgres, name, create=True)
        try:
            console.print(f"PostgreSQL: importing {args.people:,} people…")
            runs.append(("PostgreSQL", _child(url, args.people)))
        finally:
            _postgres_database(args.postgres, name, create=False)
    else:
        console.print("PostgreSQL skipped: pass --postgres URL or set CIRCLES_BENCH_POSTGRES.")
    table = Table(title=f"People import of {args.people:,} rows")
    for column in (
        "database",
        "file MB",
        "upload s",
        "preview s",
        "apply s",
        "again s",
        "created",
        "unchanged again",
        "peak MB",
    ):
        table.add_column(column, justify="right")
    for name, f in runs:
        table.add_row(
            name,
            f"{f['megabytes']:.1f}",
            str(f["upload_s"]),
            str(f["preview_s"]),
            str(f["apply_s"]),
            str(f["again_preview_s"]),
            f"{f['created']:,}",
            f"{f['again_unchanged']:,}",
            f"{f['peak_mb']:,}",
        )
        console.print(json.dumps({"database": name, **f}))
    console.print(table)


if __name__ == "__main__":
    main()
