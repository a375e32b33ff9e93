"""`./dev bench-web`: the pages of `pages.PAGES` under load on the production server, on the
seeded organisation, against a constant response served by the same server.

    python -m circles.ops.scale.web_bench [--people 100000] [--postgres URL] [--no-sqlite]

The seeded databases are kept in `var/bench/` (SQLite) and as `circles_bench_<people>` on the
PostgreSQL server named, so the seed runs once; `--fresh` makes them anew. The server
(`circles serve`, DEBUG off) and the load (`load.py`, its own process) run on loopback. Each
page's throughput is printed as a share of the constant view's in the same run, which is the
figure to raise. On PostgreSQL every query of every page also goes through EXPLAIN, and a
sequential scan of a large table fails the run. It prints figures; it asserts nothing in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from circles.ops.faults.stack import circles, free_port

from .options import postgres_option

ROOT = Path(__file__).resolve().parents[4]
BENCH_DIR = ROOT / "var" / "bench"
SLUG = "scale"


def environment(database_url: str) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "CIRCLES_", "DJANGO_")) and k != "SECRET_KEY"
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "circles.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        # One set of keys for the kept databases, made once in var/bench/.
        "CIRCLES_DEVELOPMENT_KEYS": "true",
        "CIRCLES_VAR_DIR": str(BENCH_DIR),
        "CIRCLES_BENCH_CONSTANT_VIEW": "true",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "ERROR",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "circles.cli", *args], env=env, check=True)


def _helper(env: dict[str, str], *args: str, module: str = "circles.ops.scale.web_bench") -> Any:
    """Run ``module``'s steps inside Django on the benchmark's database; the last line it
    prints is JSON."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _postgres_database(server_url: str, name: str, *, fresh: bool) -> str:
    import psycopg

    admin = psycopg.conninfo.make_conninfo(server_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def prepare(database_url: str, *, people: int, years: float, say: Any) -> dict[str, str]:
    env = environment(database_url)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _manage(env, "migrate", "--no-input", "-v0")
    if not _helper(env, "seeded")["seeded"]:
        say(f"seeding {people:,} people with {years:g} years of history (once)")
        started = time.perf_counter()
        _manage(env, "seed", "--people", str(people), "--years", str(years))
        say(f"seeded in {time.perf_counter() - started:.0f} s")
    _manage(env, "collectstatic", "--no-input", "-v0")
    return env


def _serve(env: dict[str, str], *, workers: int, threads: int, log: Path) -> tuple[Any, str]:
    port = free_port()
    with log.open("ab") as out:
        server = circles(
            ["serve", f"--bind=127.0.0.1:{port}", f"--workers={workers}", f"--threads={threads}"],
            env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return server, url
        if server.poll() is not None:
            raise RuntimeError(f"the server exited; see {log}")
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer; see {log}")


def measure(env: dict[str, str], options: argparse.Namespace, say: Any) -> dict[str, Any]:
    plan = _helper(env, "targets", "--sample", str(options.sample))
    pages = [["constant view", [[plan["constant"], ""]]], *plan["pages"].items()]
    pages.append(["constant view (again)", [[plan["constant"], ""]]])
    log = BENCH_DIR / "server.log"
    server, url = _serve(env, workers=options.workers, threads=options.threads, log=log)
    try:
        say(f"loading {len(pages)} pages, {options.clients} clients, {options.seconds:g} s each")
        load = subprocess.run(
            [sys.executable, "-m", "circles.ops.scale.load"],
            input=json.dumps(
                {
                    "base": url,
                    "clients": options.clients,
                    "seconds": options.seconds,
                    "warm_up": options.warm_up,
                    "probe": plan["constant"],
                    "pages": pages,
                }
            ),
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.killpg(server.pid, 15)
        server.wait(60)
    figures = json.loads(load.stdout)
    plans = _helper(env, "explain") if env["DATABASE_URL"].startswith("postgres") else []
    return {"figures": figures, "plans": plans}


def table(title: str, result: dict[str, Any]) -> Any:
    from rich.table import Table

    figures = result["figures"]
    constant = [f for f in figures if f["page"].startswith("constant view") and f["rps"]]
    ceiling = sum(f["rps"] for f in constant) / max(1, len(constant)) or 1.0
    queries = {p["page"]: p["queries"] for p in result["plans"]}
    grid = Table(title=title)
    for name in ("page", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "of constant"):
        grid.add_column(name, justify="left" if name == "page" else "right")
    if queries:
        grid.add_column("queries", justify="right")
    for f in figures:
        row = [
            f["page"],
            f"{f['rps']:,.0f}",
            f"{f['p50_ms']:.0f}",
            f"{f['p95_ms']:.0f}",
            f"{f['p99_ms']:.0f}",
            str(f["errors"]) if not f["errors"] else f"{f['errors']} {f['statuses']}",
            f"{f['rps'] / ceiling:.0%}",
        ]
        if queries:
            row.append(str(queries.get(f["page"], "")))
        grid.add_row(*row)
    return grid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev bench-web", description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--years", type=float, default=2.0)
    postgres_option(parser, "to keep the seeded database on")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--fresh", action="store_true", help="seed the databases anew")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="of load per page")
    parser.add_argument("--warm-up", type=float, default=2.0, help="seconds per page not counted")
    parser.add_argument("--sample", type=int, default=200, help="signed-in people per kind")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args(argv)

    from rich.console import Console

    console = Console()
    databases: list[tuple[str, str]] = []
    if not options.no_sqlite:
        path = BENCH_DIR / f"scale-{options.people}.sqlite3"
        if options.fresh:
            for stale in BENCH_DIR.glob(f"{path.name}*"):
                stale.unlink()
        databases.append(("SQLite", f"sqlite:///{path}"))
    if options.postgres:
        name = f"circles_bench_{options.people}"
        databases.append(
            ("PostgreSQL", _postgres_database(options.postgres, name, fresh=options.fresh))
        )
    elif options.no_sqlite:
        parser.error("--no-sqlite needs --postgres URL")
    failed = False
    for label, url in databases:
        say = lambda text, label=label: console.print(f"[{label}] {text}")  # noqa: E731
        env = prepare(url, people=options.people, years=options.years, say=say)
        result = measure(env, options, say)
        console.print(
            table(
                f"{label}, {options.people:,} people: {options.clients} clients, "
                f"{options.workers} processes x {options.threads} threads",
                result,
            )
        )
        for page in result["plans"]:
            for scan in page["scans"]:
                failed = True
                console.print(f"[red]sequential scan[/red] on {page['page']}: {scan}")
            for scan in page["full_reads"]:
                console.print(f"full read (not an index miss) on {page['page']}: {scan}")
        if result["plans"] and not failed:
            console.print(f"[{label}] EXPLAIN: no sequential scan of a large table on any page")
    return 1 if failed else 0


def _django_helper(argv: list[str]) -> None:
    """The steps that run inside Django, against the benchmark's database."""
    import django

    django.setup()
    from dataclasses import asdict

    from circles.orgs.models import Organisation

    from . import pages

    organisation = Organisation.objects.filter(slug=SLUG).first()
    if argv[0] == "seeded":
        print(json.dumps({"seeded": organisation is not None}))
        return
    assert organisation is not None
    if argv[0] == "targets":
        sample = int(argv[argv.index("--sample") + 1])
        print(json.dumps(pages.targets(organisation, count=sample)))
    elif argv[0] == "explain":
        print(json.dumps([asdict(p) for p in pages.explain_pages(organisation)]))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"seeded", "targets", "explain"}:
        _django_helper(sys.argv[1:])
    else:
        sys.exit(main())
