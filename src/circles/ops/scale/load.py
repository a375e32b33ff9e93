"""The web benchmark's load, in a process of its own: a fixed number of concurrent clients on
keep-alive connections, each sending its next request as soon as the last one answered (a
closed loop, so the server is never asked for more than it can take), cycling through the
page's addresses and sessions. No Django here: this process only measures.

    python -m circles.ops.scale.load < plan.json > figures.json
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

import aiohttp


@dataclass
class Figures:
    page: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    statuses: dict[str, int]


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


async def _load(
    base: str,
    name: str,
    targets: list[tuple[str, str]],
    *,
    clients: int,
    seconds: float,
    warm_up: float,
) -> Figures:
    cycle = itertools.cycle(targets)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        base, connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        start = time.perf_counter()
        measure_from = start + warm_up
        stop = measure_from + seconds

        async def client() -> None:
            while (now := time.perf_counter()) < stop:
                path, cookie = next(cycle)
                headers = {"Cookie": cookie} if cookie else {}
                try:
                    async with session.get(path, headers=headers, allow_redirects=False) as answer:
                        await answer.read()
                    key = str(answer.status)
                except (aiohttp.ClientError, TimeoutError) as error:
                    # No answer (the server timed out or dropped the connection): an error.
                    key = type(error).__name__
                done = time.perf_counter()
                if now >= measure_from:
                    latencies.append(done - now)
                    statuses[key] = statuses.get(key, 0) + 1

        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - measure_from
    latencies.sort()
    errors = sum(count for status, count in statuses.items() if status != "200")
    return Figures(
        page=name,
        requests=len(latencies),
        seconds=round(elapsed, 2),
        rps=round(len(latencies) / elapsed, 1),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 1),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        errors=errors,
        statuses=statuses,
    )


async def _drain(base: str, probe: str, *, limit: float = 300) -> None:
    """Wait until the server answers the probe quickly again: requests a page's clients gave up
    on may still be running there, and must not weigh on the next page's figures."""
    deadline = time.perf_counter() + limit
    async with aiohttp.ClientSession(base, timeout=aiohttp.ClientTimeout(total=limit)) as session:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with session.get(probe) as answer:
                    await answer.read()
            if time.perf_counter() - started < 0.1:
                return
            await asyncio.sleep(0.5)


def run(plan: dict[str, Any]) -> list[Figures]:
    """``plan``: base, clients, seconds, warm_up, probe (a quick address), and pages:
    [[name, [[path, cookie], ...]]]."""
    results = []
    for name, targets in plan["pages"]:
        asyncio.run(_drain(plan["base"], plan["probe"]))
        results.append(
            asyncio.run(
                _load(
                    plan["base"],
                    name,
                    [tuple(t) for t in targets],
                    clients=plan["clients"],
                    seconds=plan["seconds"],
                    warm_up=plan["warm_up"],
                )
            )
        )
    return results


if __name__ == "__main__":
    figures = run(json.load(sys.stdin))
    json.dump([asdict(f) for f in figures], sys.stdout)
