"""REST API benchmark: requests per second and latency of two list endpoints on the demo data.

    python -m circles.api.bench [--seconds 10] [--clients 4] [--people 0]

A fresh SQLite database in a temporary folder gets the migrations and the demo organisation
(with ``--people N``, N more generated people in its directory); the production app server
(`circles serve`, 2 workers of 4 threads) serves it on loopback. Each endpoint is then called
by ``--clients`` concurrent clients for ``--seconds``, with a real token: the people directory
(a service token, 50 a page) and a member's meetings (a personal token, 50 a page). Prints
requests per second, p50 and p95 latency and any answer other than 200; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ENDPOINTS = (
    ("people directory", "/api/v1/people?page_size=50", "service"),
    ("a member's meetings", "/api/v1/meetings?page_size=50", "member"),
)


def _seed(people: int) -> None:
    """In the child process, with Django set up: the demo, extra people, two tokens."""
    import django

    django.setup()
    from circles.api.models import Scope
    from circles.api.tokens import api_token_create
    from circles.demo import DEMO_LOGINS, create_demo
    from circles.orgs.models import Person

    organisation = create_demo()
    if people:
        Person.objects.bulk_create(
            (
                Person(
                    organisation=organisation,
                    full_name=f"Generated Person {n}",
                    email=f"generated.{n}@bench.example",
                    department=("Engineering", "Sales", "Finance", "People")[n % 4],
                    level=1 + n % 10,
                )
                for n in range(people)
            ),
            batch_size=5000,
        )
    admin = Person.objects.get(email=DEMO_LOGINS[0].email)
    member = Person.objects.get(email=DEMO_LOGINS[3].email)
    _t, service = api_token_create(
        created_by=admin, name="bench", scope=Scope.ADMIN, expires_in_days=None, service=True
    )
    _t, personal = api_token_create(
        created_by=member, name="bench", scope=Scope.READ, expires_in_days=7
    )
    print(json.dumps({"service": service, "member": personal}))


def _load(url: str, secret: str, *, seconds: float, clients: int) -> dict[str, Any]:
    import requests

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {secret}"
        mine: list[float] = []
        codes: dict[int, int] = {}
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status = session.get(url, timeout=30).status_code
            mine.append(time.perf_counter() - started)
            codes[status] = codes.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "statuses": statuses,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--people", type=int, default=0, help="more people in the directory")
    parser.add_argument("--seed-only", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_only is not None:
        _seed(args.seed_only)
        return

    import requests

    from circles.ops.faults.stack import circles, free_port
    from circles.security.startup_keys import fresh_keys

    with tempfile.TemporaryDirectory(prefix="circles-bench-api-") as tmp:
        folder = Path(tmp)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CIRCLES_", "DJANGO_"))},
            **fresh_keys(),
            "DJANGO_SETTINGS_MODULE": "circles.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'circles.sqlite3'}",
            "CIRCLES_VAR_DIR": str(folder),
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_URL": "mailfile://",
            "LOG_LEVEL": "ERROR",
            # The benchmark measures the server, not the rate limit.
            "CIRCLES_API_RATE": "10000000/m",
        }
        print("Migrating a fresh database and loading the demo organisation…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "circles.cli", "migrate", "--no-input", "-v0"],
            env=env,
            check=True,
        )
        seeded = subprocess.run(
            [sys.executable, "-m", "circles.api.bench", "--seed-only", str(args.people)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        secrets = json.loads(seeded.stdout.strip().splitlines()[-1])
        port = free_port()
        with (folder / "server.log").open("ab") as log:
            server = circles(
                ["serve", f"--bind=127.0.0.1:{port}", "--workers=2", "--threads=4"],
                env,
                stdout=log,
                stderr=log,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if requests.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            print(
                f"{args.clients} clients for {args.seconds:g} s per endpoint, "
                f"SQLite, `circles serve` with 2 workers x 4 threads"
            )
            for label, path, who in ENDPOINTS:
                _load(base + path, secrets[who], seconds=1.0, clients=1)  # warm up
                figures = _load(
                    base + path, secrets[who], seconds=args.seconds, clients=args.clients
                )
                print(
                    f"  GET {path:<34} {label:<22} {figures['rps']:7.1f} req/s  "
                    f"p50 {figures['p50_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms  "
                    f"({figures['requests']} requests, statuses {figures['statuses']})"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
