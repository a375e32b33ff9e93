"""`./dev bench-formation`: a lead forms a programme of several thousand people from the
formation page, through the worker, on the seeded organisation.

    python -m circles.ops.scale.formation_bench [--people 5000] [--seconds 10] [--postgres URL]

The production server, the task worker and the sweep run on loopback (`ops.faults.stack`), on
the database `./dev bench-web` seeds and keeps. The lead's browser is played over HTTP: it opens
the formation page, submits it with departments ticked until the pool holds ``--people``
people, follows the progress bar's status address until the run ends (as `js/progress.js`
does), then opens pages of the proposal. It prints how long each step took, every progress value
the page could show, and the proposal page's timings. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from typing import Any

import requests

from circles.ops.faults.stack import Stack, free_port

from . import web_bench
from .options import postgres_option

MODULE = "circles.ops.scale.formation_bench"
POLL_SECONDS = 1.0  # as often as the page's progress script (js/progress.js) asks
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def plan(people: int) -> dict[str, Any]:
    """Inside Django: the large programme, an admin's session (its pages are for its leads and
    the admins), the department and locations that make a pool of about ``people``, and the
    form as the page fills it in."""
    from django.db.models import Count

    from circles.formation import services
    from circles.formation.forms import FormationForm
    from circles.orgs.models import Organisation, Person, Role

    from . import pages

    organisation = Organisation.objects.get(slug=web_bench.SLUG)
    programme = organisation.programmes.order_by("pk").first()
    assert programme is not None, "the organisation has no programme: seed it first"
    admin = Person.objects.filter(organisation=organisation, role=Role.ADMIN).order_by("pk")[0]
    everyone = services.participants(programme)
    # The largest department, narrowed by location until the pool holds about ``people``.
    department = (
        everyone.exclude(department="")
        .values_list("department", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n", "department")
        .first()
    )
    in_department = everyone.filter(department=department)
    locations: list[str] = []
    pool = 0
    for location in (
        in_department.exclude(location="")
        .values_list("location", flat=True)
        .order_by("location")
        .distinct()
    ):
        if pool >= people:
            break
        locations.append(location)
        pool = in_department.filter(location__in=locations).count()
    defaults = services.default_options(programme)
    form = FormationForm(
        programme=programme,
        enrolled=None,
        initial={**defaults, **{f"weight_{k}": v for k, v in defaults["weights"].items()}},
    )
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or name in {"departments", "locations", "participants"}:
            continue
        data[name] = "on" if value is True else value
    # The whole organisation narrowed by department, whether or not the programme takes
    # enrolments: the pool's size is what is measured.
    data.update({"departments": [department], "locations": locations, "participants": "everyone"})
    client = pages.signed_in(admin.pk)
    return {
        "programme": programme.pk,
        "pool": pool,
        "department": department,
        "locations": locations,
        "data": data,
        "cookie": pages.session_cookie(client),
    }


def _timed_get(session: requests.Session, url: str) -> tuple[float, requests.Response]:
    started = time.perf_counter()
    response = session.get(url, timeout=120)
    return time.perf_counter() - started, response


def drive(base: str, target: dict[str, Any], *, seconds: float, pages: int) -> dict[str, Any]:
    session = requests.Session()
    name, _, value = target["cookie"].partition("=")
    session.cookies.set(name, value)
    new = f"{base}/programmes/{target['programme']}/formation/"
    spent, page = _timed_get(session, new)
    page.raise_for_status()
    token = CSRF_INPUT.search(page.text)
    assert token is not None, "the formation page has no form"
    data = {**target["data"], "seconds": str(int(seconds)), "csrfmiddlewaretoken": token[1]}
    started = time.perf_counter()
    answer = session.post(new, data=data, headers={"Referer": new}, allow_redirects=False)
    if answer.status_code != 302:
        problems = re.findall(r'class="error"[^>]*>(.*?)</p>', answer.text)
        raise RuntimeError(f"the form was refused ({answer.status_code}): {problems}")
    detail = base + answer.headers["Location"]
    submitted = time.perf_counter() - started
    status_url = detail.rstrip("/") + "/status"
    first_page = _timed_get(session, detail)[0]
    seen: list[tuple[float, float, str]] = []
    polls: list[float] = []
    while True:
        took, response = _timed_get(session, status_url)
        polls.append(took)
        state = response.json()
        seen.append((time.perf_counter() - started, state["progress"], state["status"]))
        if state["finished"]:
            break
        time.sleep(POLL_SECONDS)
    formed = time.perf_counter() - started
    proposal: list[float] = []
    circles = 0
    for number in range(1, pages + 1):
        took, response = _timed_get(session, f"{detail}?page={number}")
        response.raise_for_status()
        proposal.append(took)
        circles = max(circles, response.text.count("proposed-circle"))
    return {
        "form_page_ms": spent * 1000,
        "submit_ms": submitted * 1000,
        "progress_page_ms": first_page * 1000,
        "formed_s": formed,
        "final_status": seen[-1][2],
        "progress": seen,
        "status_p50_ms": statistics.median(polls) * 1000,
        "proposal_p50_ms": statistics.median(proposal) * 1000,
        "proposal_max_ms": max(proposal) * 1000,
        "circles_per_page": circles,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev bench-formation", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=5000, help="the pool to form")
    parser.add_argument("--seconds", type=float, default=10, help="the lead's search time")
    parser.add_argument("--pages", type=int, default=10, help="proposal pages to open")
    parser.add_argument("--seed-people", type=int, default=100_000, help="the seeded size")
    postgres_option(parser, "holding the seeded database (SQLite without it)")
    options = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console()
    name = f"circles_bench_{options.seed_people}"
    if options.postgres:
        url = web_bench._postgres_database(options.postgres, name, fresh=False)
        label = "PostgreSQL"
    else:
        url = f"sqlite:///{web_bench.BENCH_DIR / f'scale-{options.seed_people}.sqlite3'}"
        label = "SQLite"

    def say(text: str) -> None:
        console.print(f"[{label}] {text}")

    env = web_bench.prepare(url, people=options.seed_people, years=2.0, say=say)
    target = web_bench._helper(
        env, "formation-plan", "--people", str(options.people), module=MODULE
    )
    say(f"pool of {target['pool']:,}: {target['department']} in {len(target['locations'])} places")
    stack = Stack(env, free_port(), 2, 4, web_bench.BENCH_DIR / "formation-bench.log")
    stack.start()
    try:
        result = drive(stack.url, target, seconds=options.seconds, pages=options.pages)
    finally:
        stack.stop()
    shown = sorted({round(p, 2) for _, p, _ in result["progress"]})
    grid = Table(title=f"{label}: forming {target['pool']:,} people from the page")
    grid.add_column("step")
    grid.add_column("figure", justify="right")
    for step, figure in [
        ("formation page", f"{result['form_page_ms']:.0f} ms"),
        ("submit (run queued)", f"{result['submit_ms']:.0f} ms"),
        ("progress page", f"{result['progress_page_ms']:.0f} ms"),
        ("submitted to formed (worker)", f"{result['formed_s']:.1f} s"),
        ("status polls", f"{len(result['progress'])}, p50 {result['status_p50_ms']:.0f} ms"),
        ("progress values shown", ", ".join(f"{p:.0%}" for p in shown)),
        ("final status", result["final_status"]),
        (
            f"proposal page ({options.pages} pages)",
            f"p50 {result['proposal_p50_ms']:.0f} ms, max {result['proposal_max_ms']:.0f} ms",
        ),
        ("circles per proposal page", str(result["circles_per_page"])),
    ]:
        grid.add_row(step, figure)
    console.print(grid)
    print(json.dumps({"pool": target["pool"], **result}))
    return 0 if result["final_status"] == "done" else 1


def _django_helper(argv: list[str]) -> None:
    import django

    django.setup()
    print(json.dumps(plan(int(argv[argv.index("--people") + 1]))))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "formation-plan":
        _django_helper(sys.argv[1:])
    else:
        sys.exit(main())
