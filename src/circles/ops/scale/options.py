"""Command-line options every benchmark shares."""

from __future__ import annotations

import argparse
import os


def postgres_option(parser: argparse.ArgumentParser, purpose: str) -> None:
    """``--postgres URL``, by default from CIRCLES_BENCH_POSTGRES: what the benchmark does on
    that server is ``purpose``; without it the benchmark runs on SQLite only."""
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CIRCLES_BENCH_POSTGRES", ""),
        metavar="URL",
        help=f"a PostgreSQL server {purpose} (CIRCLES_BENCH_POSTGRES)",
    )
