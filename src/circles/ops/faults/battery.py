"""The battery's phases against one fresh database, and the figures they produce."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

from circles.security.startup_keys import fresh_keys

from .clients import Member, Tally
from .stack import Proxy, Stack, free_port

REMINDER_PEOPLE = 8  # the largest circle a programme allows


@dataclass(frozen=True)
class Profile:
    clients: int
    seconds: float  # of steady writing, and again around the kill
    outage_seconds: float
    workers: int = 2
    threads: int = 4


SHORT = Profile(clients=10, seconds=8, outage_seconds=10)
LONG = Profile(clients=50, seconds=60, outage_seconds=10, threads=8)


@dataclass
class Figures:
    database: str
    clients: int = 0
    requests: int = 0
    writes: int = 0
    lost_writes: int = 0
    lost: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    writes_around_kill: int = 0
    found_after_kill: int = 0
    reminders_due: int = 0
    reminders_sent: int = 0
    reminder_duplicates: int = 0
    outage_503: int | None = None
    outage_unclear: int = 0
    recovery_seconds: float | None = None
    exited_during_outage: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return (
            not self.server_errors
            and not self.lost_writes
            and not self.outage_unclear
            and self.found_after_kill == self.writes_around_kill
            and self.reminders_sent == self.reminders_due
            and (self.outage_503 is None or self.outage_503 > 0)
            and (self.outage_503 is None or self.recovery_seconds is not None)
        )


def inside(env: dict[str, str], *args: str, stdin: str | None = None) -> Any:
    result = subprocess.run(
        [sys.executable, "-m", "circles.ops.faults.data", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"circles.ops.faults.data {args[0]} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def environment(folder: Path, database_url: str) -> dict[str, str]:
    """What every process of one battery shares: its own database, folder and keys, made once,
    so the server, the workers and the checks all read what the others wrote; nothing of the
    calling process's settings (a test run's throwaway keys would differ per process)."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "CIRCLES_", "DJANGO_")) and k != "SECRET_KEY"
    }
    return {
        **keep,
        **fresh_keys(),
        "DJANGO_SETTINGS_MODULE": "circles.settings",
        "DATABASE_URL": database_url,
        "CIRCLES_VAR_DIR": str(folder),
        "DEBUG": "false",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies sent over HTTP.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "EMAIL_URL": "mailfile://",
        # A reminder whose worker was killed is taken over after 3 s, not 5 min.
        "CIRCLES_REMINDER_LEASE_SECONDS": "3",
        "LOG_LEVEL": "ERROR",
    }


@contextlib.contextmanager
def postgres_database(server_url: str, prefix: str = "circles_faults") -> Any:
    """A new database on the server in ``server_url``, dropped afterwards."""
    name = f"{prefix}_{os.getpid()}"
    parts = urlsplit(server_url)
    admin = psycopg.conninfo.make_conninfo(server_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _through(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))


def _write_for(members: list[Member], seconds: float) -> None:
    for member in members:
        member.running.set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)


def run(database: str, profile: Profile, *, postgres_url: str = "", say: Any = print) -> Figures:
    """``database`` is "sqlite" or "postgresql" (on the server ``postgres_url`` names)."""
    figures = Figures(database=database, clients=profile.clients)
    with tempfile.TemporaryDirectory(prefix="circles-faults-") as tmp:
        folder = Path(tmp)
        with contextlib.ExitStack() as cleanup:
            if database == "sqlite":
                url = f"sqlite:///{folder / 'circles.sqlite3'}"
            else:
                url = cleanup.enter_context(postgres_database(postgres_url))
            direct = environment(folder, url)
            say(f"[{database}] migrating a fresh database and seeding {profile.clients} members")
            for step in (["migrate"], ["collectstatic"]):
                subprocess.run(
                    [sys.executable, "-m", "circles.cli", *step, "--no-input", "-v0"],
                    env=direct,
                    check=True,
                )
            seeded = inside(direct, "seed", str(profile.clients))
            proxy = None
            served = direct
            if database == "postgresql":
                upstream = urlsplit(url)
                proxy = Proxy((upstream.hostname or "127.0.0.1", upstream.port or 5432))
                proxy.mend()
                cleanup.callback(proxy.cut)
                served = {**direct, "DATABASE_URL": _through(url, proxy.port)}
            stack = Stack(
                env=served,
                port=free_port(),
                workers=profile.workers,
                threads=profile.threads,
                log=folder / "stack.log",
            )
            cleanup.callback(stack.stop)
            stack.start()
            _battery(stack, proxy, direct, seeded, profile, figures, say)
            if not figures.passed:
                say(_tracebacks((folder / "stack.log").read_text()) or "no traceback logged")
    return figures


def _tracebacks(log: str, most: int = 3) -> str:
    """The tracebacks Django logged with its 500s (their last lines name the cause), else the
    first tracebacks in the server's log, else its last lines."""
    answered_500 = re.split(r"^(?=Internal Server Error: )", log, flags=re.MULTILINE)[1:]
    blocks = answered_500 or log.split("Traceback (most recent call last):")[1:]
    if not blocks:
        return log[-4000:]
    trimmed = (_before_next_record(block) for block in blocks[:most])
    return "\n\n".join(f"{text.splitlines()[0]}\n...{text[-3000:]}" for text in trimmed)


def _before_next_record(block: str) -> str:
    # Later records follow the traceback: it ends at its last exception line.
    lines = block.splitlines()
    ends = [
        n for n, line in enumerate(lines) if re.match(r"[A-Za-z_][\w.]*(Error|Exception)\b", line)
    ]
    return "\n".join(lines[: ends[-1] + 1]) if ends else block


def _battery(
    stack: Stack,
    proxy: Proxy | None,
    direct: dict[str, str],
    seeded: dict[str, Any],
    profile: Profile,
    figures: Figures,
    say: Any,
) -> None:
    tally = Tally()
    members = [Member(stack.url, login, n, tally) for n, login in enumerate(seeded["logins"])]
    for member in members:
        member.sign_in()
    say(f"[{figures.database}] {len(members)} members signed in; writing for {profile.seconds} s")
    for member in members:
        member.start()
    _write_for(members, profile.seconds)

    # Kill everything mid-write, right after a meeting's reminders fell due.
    before_kill = len(tally.acknowledged)
    due = inside(direct, "due", str(seeded["programme"]), str(REMINDER_PEOPLE))
    time.sleep(1.5)  # the sweep records them, the worker starts sending
    say(f"[{figures.database}] SIGKILL server, worker and sweep; restarting")
    stack.kill()
    time.sleep(1)
    stack.start()
    _write_for(members, profile.seconds / 2)
    around_kill = tally.acknowledged[before_kill:]

    if proxy is not None:
        say(f"[{figures.database}] database unreachable for {profile.outage_seconds} s")
        statuses_before = tally.statuses.copy()
        proxy.cut()
        time.sleep(profile.outage_seconds)
        during = tally.statuses - statuses_before
        figures.outage_503 = during.get("503", 0)
        figures.outage_unclear = tally.unclear_503
        mended = time.monotonic()
        proxy.mend()
        deadline = mended + 30
        while time.monotonic() < deadline and tally.last_success < mended:
            time.sleep(0.05)
        if tally.last_success >= mended:
            figures.recovery_seconds = round(tally.last_success - mended, 2)
        figures.exited_during_outage = stack.exited()
        stack.revive()
        _write_for(members, 3)

    for member in members:
        member.stop()
    for member in members:
        member.join(timeout=60)

    # Every acknowledged write is in the database; every due reminder was sent.
    found = inside(direct, "verify", stdin=json.dumps(tally.acknowledged))
    missing = {w["text"] for w in found["missing"]}
    figures.requests = tally.requests
    figures.writes = len(tally.acknowledged)
    figures.lost_writes = len(missing)
    figures.lost = sorted(missing)
    figures.writes_around_kill = len(around_kill)
    figures.found_after_kill = sum(1 for w in around_kill if w["text"] not in missing)
    figures.server_errors = tally.server_errors
    figures.refusals = tally.refusals
    figures.statuses = dict(tally.statuses)
    deadline = time.monotonic() + 40
    while True:
        state = inside(direct, "reminders", str(due["meeting"]))
        if state["emailed"] >= REMINDER_PEOPLE or time.monotonic() > deadline:
            break
        time.sleep(1)
    figures.reminders_due = REMINDER_PEOPLE
    figures.reminders_sent = state["emailed"]
    figures.reminder_duplicates = state["duplicates"]
    with contextlib.suppress(requests.RequestException):
        requests.get(stack.url + "/healthz", timeout=5)
