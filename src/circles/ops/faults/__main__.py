"""`./dev faults [--short|--long] [--postgres URL]`: the fault battery, with its figures."""

from __future__ import annotations

import argparse
import os
import sys

from rich.console import Console
from rich.table import Table

from .battery import LONG, SHORT, Figures, run


def table(results: list[Figures]) -> Table:
    grid = Table(title="Fault battery")
    grid.add_column("figure")
    for figures in results:
        grid.add_column(figures.database, justify="right")
    rows = {
        "concurrent members": lambda f: f.clients,
        "requests": lambda f: f.requests,
        "acknowledged writes": lambda f: f.writes,
        "lost writes": lambda f: f.lost_writes,
        "5xx other than 503": lambda f: len(f.server_errors),
        "refused (4xx)": lambda f: len(f.refusals),
        "writes around the SIGKILL": lambda f: f.writes_around_kill,
        "... found after restart": lambda f: f.found_after_kill,
        "reminders due at the kill": lambda f: f.reminders_due,
        "... sent after restart": lambda f: f.reminders_sent,
        "... sent twice": lambda f: f.reminder_duplicates,
        "503 while the database was cut": lambda f: "-" if f.outage_503 is None else f.outage_503,
        "unclear 503 answers": lambda f: f.outage_unclear,
        "recovery after it returned (s)": lambda f: (
            "-" if f.recovery_seconds is None else f.recovery_seconds
        ),
        "processes that exited meanwhile": lambda f: ", ".join(f.exited_during_outage) or "-",
        "verdict": lambda f: "pass" if f.passed else "FAIL",
    }
    for label, value in rows.items():
        grid.add_row(label, *(str(value(f)) for f in results))
    return grid


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev faults", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--short", action="store_true", help="10 members, 8 s (the default)")
    size.add_argument("--long", action="store_true", help="50 members, 60 s")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CIRCLES_TEST_POSTGRES", ""),
        metavar="URL",
        help="a PostgreSQL server to create the battery's database on (CIRCLES_TEST_POSTGRES)",
    )
    options = parser.parse_args()
    profile = LONG if options.long else SHORT
    console = Console()
    results = [run("sqlite", profile, say=console.print)]
    if options.postgres:
        results.append(run("postgresql", profile, postgres_url=options.postgres, say=console.print))
    else:
        console.print("PostgreSQL skipped: pass --postgres URL or set CIRCLES_TEST_POSTGRES.")
    console.print(table(results))
    for figures in results:
        for line in figures.server_errors[:10] + figures.refusals[:10] + figures.lost[:10]:
            console.print(f"[{figures.database}] {line}")
    sys.exit(0 if all(f.passed for f in results) else 1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    main()
