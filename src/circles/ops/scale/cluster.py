"""Scale-out on one PostgreSQL: two web processes, two task workers and two sweeps on loopback,
as separate machines would run them, with nothing shared but the database (and the mail
folder, which stands for the SMTP server).

Members sign in on one web process and then alternate between the two request by request
(their forms fetched from one are posted to the other), so sessions, CSRF and submit-once
tokens live in the database only; every acknowledged write is looked up afterwards. Meetings
whose reminders fall due are then added: both sweeps record them (each reminder once) and
enqueue small delivery tasks, and the two workers share those. The figures say how the work
spread and whether anything ran or was sent twice.

    python -m circles.ops.scale.cluster --postgres URL
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from circles.ops.faults.battery import environment, inside, postgres_database
from circles.ops.faults.clients import Member, Tally
from circles.ops.faults.stack import circles, free_port

WEB_PROCESSES = 2
WORKERS = 2
MEETINGS = 6
PEOPLE_PER_MEETING = 8
# Reminders per delivery task: small, so that the reminders make enough tasks to share.
BATCH = 4


@dataclass
class Figures:
    requests_by_server: dict[str, int] = field(default_factory=dict)
    writes: int = 0
    lost: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    tasks_by_worker: dict[str, int] = field(default_factory=dict)
    claimed_twice: list[Any] = field(default_factory=list)
    failed_tasks: int = 0
    reminders_due: int = 0
    reminders_sent: int = 0
    reminder_rows: int = 0
    duplicates: int = 0

    @property
    def passed(self) -> bool:
        return (
            len([n for n in self.requests_by_server.values() if n]) == WEB_PROCESSES
            and self.writes > 0
            and not self.lost
            and not self.server_errors
            and len([w for w, n in self.tasks_by_worker.items() if n]) == WORKERS
            and not self.claimed_twice
            and not self.failed_tasks
            and self.reminder_rows == self.reminders_due
            and self.reminders_sent == self.reminders_due
            and not self.duplicates
        )


class AlternatingMember(Member):
    """A member whose requests go to each web process in turn."""

    def __init__(self, bases: list[str], login: dict[str, Any], number: int, tally: Tally):
        super().__init__(bases[number % len(bases)], login, number, tally)
        self.bases = bases
        self.turn = number
        self.by_server: Counter[str] = Counter()

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response | None:
        self.base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        response = super()._call(method, path, **kwargs)
        if response is not None and response.status_code < 500:
            self.by_server[self.base] += 1
        return response


@dataclass
class Cluster:
    env: dict[str, str]
    log: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: list[int] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def start(self) -> None:
        self.ports = [free_port() for _ in range(WEB_PROCESSES)]
        commands = {
            **{
                f"web-{n + 1}": ["serve", f"--bind=127.0.0.1:{port}", "--workers=1"]
                for n, port in enumerate(self.ports)
            },
            **{
                f"worker-{n + 1}": [
                    "db_worker",
                    "--no-reload",
                    "--interval=0.2",
                    f"--worker-id=worker-{n + 1}",
                    "-v0",
                ]
                for n in range(WORKERS)
            },
            **{
                f"sweep-{n + 1}": ["sweep", "--every=1", f"--batch-size={BATCH}", "-v0"]
                for n in range(2)
            },
        }
        with self.log.open("ab") as log:
            for name, args in commands.items():
                self.processes[name] = circles(
                    args, self.env, stdout=log, stderr=log, start_new_session=True
                )
        deadline = time.monotonic() + 90
        for url in self.urls:
            while True:
                with contextlib.suppress(requests.RequestException):
                    if requests.get(url + "/healthz", timeout=2).status_code == 200:
                        break
                exited = [n for n, p in self.processes.items() if p.poll() is not None]
                if exited or time.monotonic() > deadline:
                    raise RuntimeError(f"{exited or url} did not start; see {self.log}")
                time.sleep(0.3)

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 15)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()


def run(postgres_url: str, *, members: int = 10, seconds: float = 5, say: Any = print) -> Figures:
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="circles-scale-out-") as tmp:
        folder = Path(tmp)
        with contextlib.ExitStack() as cleanup:
            url = cleanup.enter_context(postgres_database(postgres_url, "circles_scale_out"))
            env = environment(folder, url)
            for step in (["migrate"], ["collectstatic"]):
                subprocess.run(
                    [sys.executable, "-m", "circles.cli", *step, "--no-input", "-v0"],
                    env=env,
                    check=True,
                )
            seeded = inside(env, "seed", str(members))
            cluster = Cluster(env=env, log=folder / "cluster.log")
            cleanup.callback(cluster.stop)
            say(f"starting {WEB_PROCESSES} web processes, {WORKERS} workers and 2 sweeps")
            cluster.start()
            _drive(cluster, env, seeded, seconds, figures, say)
            if not figures.passed:
                say((folder / "cluster.log").read_text()[-4000:])
    return figures


def _drive(
    cluster: Cluster,
    env: dict[str, str],
    seeded: dict[str, Any],
    seconds: float,
    figures: Figures,
    say: Any,
) -> None:
    tally = Tally()
    members = [
        AlternatingMember(cluster.urls, login, n, tally) for n, login in enumerate(seeded["logins"])
    ]
    for member in members:
        member.sign_in()
    say(f"{len(members)} members writing through both web processes for {seconds:g} s")
    for member in members:
        member.start()
    time.sleep(seconds)
    due = inside(env, "due", str(seeded["programme"]), str(PEOPLE_PER_MEETING), str(MEETINGS))
    for member in members:
        member.stop()
    for member in members:
        member.join(timeout=60)
    figures.reminders_due = MEETINGS * PEOPLE_PER_MEETING
    meetings = ",".join(map(str, due["meetings"]))
    deadline = time.monotonic() + 60
    while True:
        state = inside(env, "reminders", meetings)
        if state["emailed"] >= figures.reminders_due or time.monotonic() > deadline:
            break
        time.sleep(1)
    figures.reminder_rows = state["rows"]
    figures.reminders_sent = state["emailed"]
    figures.duplicates = state["duplicates"]
    by_server: Counter[str] = Counter()
    for member in members:
        by_server.update(member.by_server)
    figures.requests_by_server = {
        f"web-{n + 1}": by_server[url] for n, url in enumerate(cluster.urls)
    }
    found = inside(env, "verify", stdin=json.dumps(tally.acknowledged))
    figures.writes = len(tally.acknowledged)
    figures.lost = sorted(w["text"] for w in found["missing"])
    figures.server_errors = tally.server_errors
    tasks = inside(env, "tasks")
    figures.tasks_by_worker = tasks["by_worker"]
    figures.claimed_twice = tasks["claimed_twice"]
    figures.failed_tasks = tasks["statuses"].get("FAILED", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("CIRCLES_TEST_POSTGRES", ""))
    options = parser.parse_args()
    if not options.postgres:
        parser.error("--postgres URL (or CIRCLES_TEST_POSTGRES) is required")
    figures = run(options.postgres)
    for name, value in vars(figures).items():
        print(f"{name:20} {value}")
    print("pass" if figures.passed else "FAIL")
    sys.exit(0 if figures.passed else 1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    main()
