"""Library search benchmark: generated items in a scratch database, query times printed.

    ./dev bench-search                      # 100,000 items on SQLite
    ./dev bench-search --postgres URL       # the same on PostgreSQL too (a scratch database
                                            # named <its name>_bench_search is made and dropped)

Each query runs through ``library_search`` exactly as the library page calls it (first page of
20, ranked, with snippets), warmed once, then timed over several runs; the median is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

WORDS = [
    "trust",
    "question",
    "storm",
    "listening",
    "feedback",
    "commitment",
    "timer",
    "silence",
    "advice",
    "open",
    "curious",
    "manager",
    "budget",
    "team",
    "conflict",
    "onboarding",
    "remote",
    "meeting",
    "circle",
    "peer",
    "coach",
    "facilitator",
    "protocol",
    "check",
    "in",
    "case",
    "giver",
    "reflection",
    "growth",
    "career",
    "plan",
    "goal",
    "habit",
    "energy",
    "focus",
    "priority",
    "delegation",
    "decision",
    "change",
    "culture",
    "learning",
    "mistake",
    "courage",
    "clarity",
    "story",
    "customer",
    "quality",
    "release",
    "planning",
    "estimate",
    "hiring",
    "interview",
    "mentor",
    "sponsor",
    "network",
]
RARE = ("kintsugi", "serendipity", "lighthouse", "compass", "harbour")
QUERIES = ("feedback", "listening question", "kintsugi", "manager budget conflict", "storm*")
DEFAULT_ITEMS = 100_000


def _generate(count: int, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from circles.library.models import Audience, Kind, LibraryItem, SearchDocument, Status
    from circles.library.search import document_fields
    from circles.testing import make_org, make_person

    rng = random.Random(seed)
    org = make_org("Bench")
    author = make_person(org, "Bea Bench", role="lead")
    kinds = [k for k in Kind.values if k != Kind.STORY]
    now = timezone.now()
    batch = 5_000
    made = 0
    while made < count:
        size = min(batch, count - made)
        items = []
        for number in range(made, made + size):
            words = rng.choices(WORDS, k=rng.randint(40, 160))
            if number % 1000 == 0:
                words.append(RARE[number // 1000 % len(RARE)])
            items.append(
                LibraryItem(
                    organisation=org,
                    kind=kinds[number % len(kinds)],
                    title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
                    body=" ".join(words),
                    audience=Audience.EVERYONE,
                    status=Status.PUBLISHED,
                    author=author,
                    published_at=now,
                )
            )
        with transaction.atomic():
            LibraryItem.objects.bulk_create(items)
            created = list(LibraryItem.objects.filter(organisation=org).order_by("-pk")[:size])
            SearchDocument.objects.bulk_create(
                SearchDocument(
                    item=item,
                    organisation=org,
                    kind=item.kind,
                    audience=item.audience,
                    published_at=item.published_at or now,
                    **document_fields(item, []),
                )
                for item in created
            )
        made += size
        print(f"  {made:,} items", end="\r", flush=True)
    print()


def _measure(runs: int) -> None:
    from django.db import connection

    from circles.library.selectors import library_search
    from circles.orgs.models import Person

    viewer = Person.objects.get(full_name="Bea Bench")
    print(f"{connection.vendor}: median of {runs} runs, first page of 20 with snippets")
    for query in QUERIES:
        library_search(viewer=viewer, query=query)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            results = library_search(viewer=viewer, query=query)
            times.append(time.perf_counter() - started)
        print(
            f"  {query!r:28} {statistics.median(times) * 1000:8.1f} ms"
            f"  ({'over 1,000' if results.more else f'{results.total:,}'} matches)"
        )


def _child(count: int, runs: int, seed: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings_test")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _generate(count, seed)
    print(f"generated and indexed {count:,} items in {time.perf_counter() - started:.0f} s")
    _measure(runs)


def _postgres_scratch(url: str) -> tuple[str, str]:
    """A fresh scratch database on the server at ``url``: (its name, its URL)."""
    parts = urlsplit(url)
    name = f"{parts.path.strip('/') or 'circles'}_bench_search"
    _admin(url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(url, f'CREATE DATABASE "{name}"')
    return name, urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, statement: str) -> None:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = "postgres"
    with psycopg.connect(**info, autocommit=True) as connection:  # type: ignore[arg-type]
        connection.execute(statement)


def _run_child(env: dict[str, str], count: int, runs: int, seed: int) -> int:
    command = [sys.executable, "-m", "circles.library.bench", "--child", str(count), str(runs)]
    return subprocess.call([*command, str(seed)], env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server")
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="circles.settings_test")
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        code = _run_child(env, args.items, args.runs, args.seed)
    if code or not args.postgres:
        return code
    name, scratch = _postgres_scratch(args.postgres)
    try:
        return _run_child(dict(env, DATABASE_URL=scratch), args.items, args.runs, args.seed)
    finally:
        _admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    sys.exit(main())
