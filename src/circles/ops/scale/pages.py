"""The pages the web benchmark loads, who opens them, and where their query plans are checked.

A page is one line in `PAGES`: a name, an address with placeholders, and the kind of person
who opens it. Each kind is sampled across the whole seeded organisation (`personas`), and each
sampled person fills the placeholders from what they can see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from circles.groups.models import Circle, Membership
from circles.meetings.models import Meeting, MeetingRun
from circles.orgs.models import Organisation, Person, Programme, Role


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # with {placeholders} from the persona's values
    who: str  # member (of an active circle), lead (of a programme) or admin


PAGES = [
    Page("member's home", "/", "member"),
    Page("circle page", "/circles/{circle}/", "member"),
    Page("meeting page", "/meetings/{meeting}/", "member"),
    Page("runner live endpoint", "/meetings/{run_meeting}/run/live", "member"),
    Page("my commitments", "/commitments/", "member"),
    Page("circle health", "/insights/circles/{circle}/", "member"),
    Page("programme page", "/programmes/{programme}/", "lead"),
    # The large programme's own pages are for its few leads and the admins.
    Page("formation page (large programme)", "/programmes/{large_programme}/formation/", "admin"),
    Page("people directory", "/people/", "admin"),
    Page("people directory search", "/people/?q=ana", "admin"),
    # Last: its requests take seconds, and the load waits for them to end before the next page.
    Page("programme dashboard", "/insights/programmes/{programme}/", "lead"),
]
CONSTANT = "/bench/constant"


def _stride(items: list[Any], count: int) -> list[Any]:
    """``count`` items spread evenly over ``items`` (the whole data set, not its start)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(k * step)] for k in range(count)]


def personas(organisation: Organisation, *, count: int) -> dict[str, list[dict[str, Any]]]:
    """People of each kind with the values their pages need."""
    large = Programme.objects.filter(organisation=organisation).order_by("pk").first()
    assert large is not None, "the organisation has no programme: seed it first"
    members: list[dict[str, Any]] = []
    current = (
        Membership.objects.filter(
            circle__organisation=organisation,
            circle__status=Circle.Status.ACTIVE,
            left_on__isnull=True,
            ground_rules_accepted_at__isnull=False,
        )
        .order_by("person_id")
        .values_list("person_id", "circle_id")
    )
    everyone = list(current)
    chosen = _stride(everyone, count)
    # Whoever facilitates a circle's next meeting sees one thing more on their home page (the
    # training step to read): every sample holds such a person, so that samples of different
    # organisations differ in size, not in the kinds of people in them.
    facilitating = (
        Meeting.objects.filter(
            circle__organisation=organisation,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
            facilitator__isnull=False,
        )
        .order_by("starts_at")
        .values_list("facilitator_id", "circle_id")
        .first()
    )
    if facilitating in set(everyone):
        chosen = [facilitating, *(pair for pair in chosen if pair != facilitating)][:count]
    for person_id, circle_id in chosen:
        run = (
            MeetingRun.objects.filter(meeting__circle_id=circle_id)
            .order_by("-meeting__starts_at")
            .values_list("meeting_id", flat=True)
            .first()
        )
        held = (
            Meeting.objects.filter(circle_id=circle_id, status=Meeting.Status.HELD)
            .order_by("-starts_at")
            .values_list("pk", flat=True)
            .first()
        )
        if run is None or held is None:
            continue
        members.append(
            {"person": person_id, "circle": circle_id, "meeting": held, "run_meeting": run}
        )
    leads = []
    lead_rows = Programme.leads.through.objects.filter(
        programme__organisation=organisation
    ).order_by("person_id", "programme_id")
    for person_id, programme_id in _stride(
        list(lead_rows.values_list("person_id", "programme_id")), count
    ):
        leads.append({"person": person_id, "programme": programme_id})
    admins = [
        {"person": pk, "programme": large.pk, "large_programme": large.pk}
        for pk in Person.objects.filter(organisation=organisation, role=Role.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
    return {"member": members, "lead": leads, "admin": admins}


def session_cookie(client: Client) -> str:
    """The Cookie header value of the client's session."""
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def signed_in(person_id: int) -> Client:
    person = Person.objects.select_related("user").get(pk=person_id)
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def targets(organisation: Organisation, *, count: int) -> dict[str, Any]:
    """Per page, the (address, session cookie) pairs the load cycles through; a session per
    sampled person, signed in as the real sign-in does."""
    people = personas(organisation, count=count)
    cookies: dict[int, str] = {}
    pages: dict[str, list[tuple[str, str]]] = {}
    for page in PAGES:
        rows = []
        for values in people[page.who] or people["admin"]:
            person = values["person"]
            if person not in cookies:
                cookies[person] = session_cookie(signed_in(person))
            rows.append((page.path.format(**values), cookies[person]))
        pages[page.name] = rows
    return {"pages": pages, "constant": CONSTANT}


# Query plans ---------------------------------------------------------------------------------

LARGE_TABLE_ROWS = 10_000
# A sequential scan that keeps less than this share of a large table's rows is a missing index;
# one that keeps more reads what the query needs (a count over most of a table) and is
# reported without failing.
SELECTIVE = 0.1


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def _large_tables() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND reltuples > %s",
            [LARGE_TABLE_ROWS],
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


@dataclass
class PagePlans:
    page: str
    queries: int
    scans: list[str]  # missing indexes: the run fails
    full_reads: list[str]


def explain_pages(organisation: Organisation) -> list[PagePlans]:
    """Open each page as its first persona, run every SELECT it made through EXPLAIN, and name
    each sequential scan of a large table (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    large = _large_tables()
    people = personas(organisation, count=3)
    found = []
    for page in PAGES:
        values = (people[page.who] or people["admin"])[0]
        client = signed_in(values["person"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path.format(**values))
        assert response.status_code == 200, (page.name, response.status_code)
        scans: list[str] = []
        full_reads: list[str] = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not re.match(r"\s*(SELECT|WITH)\b", sql, re.IGNORECASE):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                (plan,) = cursor.fetchone()
            plan = plan if isinstance(plan, list) else json.loads(plan)
            for node in _plan_nodes(plan[0]["Plan"]):
                table = node.get("Relation Name")
                if node["Node Type"] != "Seq Scan" or table not in large:
                    continue
                kept = node["Plan Rows"] / max(1, large[table])
                line = f"{table} ({large[table]:,} rows, keeps {kept:.0%}): {sql[:300]}"
                (scans if kept < SELECTIVE else full_reads).append(line)
        found.append(PagePlans(page.name, len(captured.captured_queries), scans, full_reads))
    return found
