"""Every operation of the API, called by every persona of the pages' authorisation matrix with
a real token (and by the organisation's service token): each gets exactly what the pages give
them, and never a confidential text they may not read.

The rows are keyed by the OpenAPI document's operations, so an operation without a row fails
the first test, as a page without a row fails the pages' matrix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from circles.api.tests.world import (
    API_PERSONAS,
    SECRET_CHECK_IN,
    SECRET_REFLECTION,
    SERVICE,
    WITHOUT_TOKEN,
    ApiProbe,
    build_api_probe,
)
from circles.api.v1.api import api as ninja_api
from circles.tests.authorization_world import CIRCLE_MARKERS, OWNER_MARKERS, sign_in
from circles.tests.test_write_matrix import WATCHED_APPS

pytestmark = pytest.mark.django_db

WITH_TOKEN = frozenset(API_PERSONAS) - WITHOUT_TOKEN
PEOPLE = WITH_TOKEN - {SERVICE}
CIRCLE_READERS = frozenset({"member", "facilitator"})
API_CIRCLE_MARKERS = (*CIRCLE_MARKERS, SECRET_CHECK_IN, SECRET_REFLECTION)


def only(allowed: set[str] | frozenset[str], *, others: int = 404) -> dict[str, int]:
    statuses = {p: 200 if p in allowed else others for p in WITH_TOKEN}
    return {**statuses, **dict.fromkeys(WITHOUT_TOKEN, 401)}


def people_only(allowed: set[str] | frozenset[str]) -> dict[str, int]:
    """Operations that act as a person: a service token is refused with 403."""
    return {**only(allowed), SERVICE: 403}


EVERYONE = only(WITH_TOKEN)
OWN = people_only(PEOPLE)
DIRECTORY = only({"lead", "admin", "other_admin", SERVICE})
DIRECTORY_HERE = only({"lead", "admin", SERVICE})
ADMINS = only({"admin", "other_admin", SERVICE})
ADMIN_HERE = only({"admin", SERVICE})
MANAGERS = only({"lead", "admin", SERVICE})
CIRCLE_NAMED = only({"member", "facilitator", "not_accepted", "lead", "admin", SERVICE})
CONTENT = only(CIRCLE_READERS)

Args = Callable[[ApiProbe], dict[str, Any]]


def no_args(p: ApiProbe) -> dict[str, Any]:
    return {}


def person(p: ApiProbe) -> dict[str, Any]:
    return {"person_id": p.world.member.pk}


def programme(p: ApiProbe) -> dict[str, Any]:
    return {"programme_id": p.world.programme.pk}


def circle(p: ApiProbe) -> dict[str, Any]:
    return {"circle_id": p.world.circle.pk}


def meeting(p: ApiProbe) -> dict[str, Any]:
    return {"meeting_id": p.world.next_meeting.pk}


def past_meeting(p: ApiProbe) -> dict[str, Any]:
    return {"meeting_id": p.world.past_meeting.pk}


def commitment(p: ApiProbe) -> dict[str, Any]:
    return {"commitment_id": p.world.commitment.pk}


def open_commitment(p: ApiProbe) -> dict[str, Any]:
    return {"commitment_id": p.ids["open_commitment"]}


def people_import(p: ApiProbe) -> dict[str, Any]:
    return {"import_id": p.ids["import"]}


def goal(p: ApiProbe) -> dict[str, Any]:
    return {"goal_id": p.ids["goal"]}


def library_item(p: ApiProbe) -> dict[str, Any]:
    return {"item_id": p.ids["library_item"]}


# Everyone of the organisation reads its library; a member who left a circle stays in it.
LIBRARY_READERS = frozenset(
    {"member", "facilitator", "not_accepted", "left", "outsider", "lead", "admin", SERVICE}
)
# Lists find something for those, and for the other organisation's admin, who reads the
# built-in templates of their own organisation's library.
LIBRARY_FINDERS = LIBRARY_READERS | {"other_admin"}


# Reads: who gets 200, and who finds something in a list that everyone may open.
READS: dict[str, tuple[dict[str, int], Args, frozenset[str] | None]] = {
    "/api/v1/me": (EVERYONE, no_args, None),
    "/api/v1/people": (DIRECTORY, no_args, None),
    "/api/v1/people/{person_id}": (DIRECTORY_HERE, person, None),
    "/api/v1/imports": (ADMINS, no_args, None),
    "/api/v1/imports/{import_id}": (ADMIN_HERE, people_import, None),
    "/api/v1/imports/{import_id}/errors": (ADMIN_HERE, people_import, None),
    "/api/v1/imports/{import_id}/changes": (ADMIN_HERE, people_import, None),
    "/api/v1/programmes": (DIRECTORY, no_args, None),
    "/api/v1/programmes/{programme_id}": (MANAGERS, programme, None),
    "/api/v1/programmes/{programme_id}/circles": (MANAGERS, programme, None),
    "/api/v1/programmes/{programme_id}/dashboard": (MANAGERS, programme, None),
    "/api/v1/programmes/{programme_id}/dashboard/departments": (MANAGERS, programme, None),
    "/api/v1/programmes/{programme_id}/dashboard/circles": (MANAGERS, programme, None),
    "/api/v1/circles": (
        EVERYONE,
        no_args,
        frozenset({"member", "facilitator", "not_accepted", "outsider", "lead", "admin", SERVICE}),
    ),
    "/api/v1/circles/{circle_id}": (CIRCLE_NAMED, circle, None),
    "/api/v1/circles/{circle_id}/members": (CIRCLE_NAMED, circle, None),
    "/api/v1/circles/{circle_id}/commitments": (CONTENT, circle, None),
    "/api/v1/circles/{circle_id}/dashboard": (CONTENT, circle, None),
    "/api/v1/meetings": (EVERYONE, no_args, frozenset({"member", "facilitator", "outsider"})),
    "/api/v1/meetings/{meeting_id}": (CONTENT, meeting, None),
    "/api/v1/meetings/{meeting_id}/commitments": (CONTENT, past_meeting, None),
    "/api/v1/commitments": (EVERYONE, no_args, CIRCLE_READERS),
    "/api/v1/commitments/{commitment_id}": (CONTENT, commitment, None),
    "/api/v1/commitments/{commitment_id}/follow-ups": (CONTENT, commitment, None),
    "/api/v1/commitments/{commitment_id}/check-ins": (CONTENT, open_commitment, None),
    "/api/v1/me/plan": (OWN, no_args, None),
    "/api/v1/me/plan/goals": (OWN, no_args, frozenset({"member"})),
    "/api/v1/me/plan/goals/{goal_id}": (people_only({"member"}), goal, None),
    "/api/v1/library/items": (EVERYONE, no_args, LIBRARY_FINDERS),
    "/api/v1/library/items/{item_id}": (only(LIBRARY_READERS), library_item, None),
    "/api/v1/library/search": (EVERYONE, no_args, LIBRARY_FINDERS),
}


def in_ten_days() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


Body = Callable[[ApiProbe], Any]
CIRCLE_WRITERS = frozenset({"member", "facilitator"})
STEWARDS = frozenset({"lead", "admin"})

# Writes: who may make them (the others are refused and change nothing), with valid data.
WRITES: dict[tuple[str, str], tuple[frozenset[str], Args, Body]] = {
    ("POST", "/api/v1/people"): (
        frozenset({"admin", "other_admin", SERVICE}),
        no_args,
        lambda p: {"full_name": "Ada New", "email": "ada.new@example.org"},
    ),
    ("PATCH", "/api/v1/people/{person_id}"): (
        frozenset({"admin", SERVICE}),
        person,
        lambda p: {"department": "Finance"},
    ),
    ("POST", "/api/v1/people/{person_id}/leave"): (
        frozenset({"admin", SERVICE}),
        person,
        lambda p: None,
    ),
    ("POST", "/api/v1/imports"): (
        frozenset({"admin", "other_admin", SERVICE}),
        no_args,
        lambda p: "upload",
    ),
    ("POST", "/api/v1/imports/{import_id}/apply"): (
        frozenset({"admin", SERVICE}),
        people_import,
        lambda p: {"confirm": True},
    ),
    ("POST", "/api/v1/circles/{circle_id}/members"): (
        STEWARDS,
        circle,
        lambda p: {"person_id": p.probe.people["left"].pk},
    ),
    ("DELETE", "/api/v1/circles/{circle_id}/members/{membership_id}"): (
        STEWARDS,
        lambda p: {**circle(p), "membership_id": p.ids["peer_membership"]},
        lambda p: None,
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/move"): (
        CIRCLE_WRITERS,
        meeting,
        lambda p: {
            "starts_at": (p.world.next_meeting.starts_at + dt.timedelta(days=1)).isoformat()
        },
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/cancel"): (
        frozenset({"facilitator"}),
        lambda p: {"meeting_id": p.ids["unstarted"]},
        lambda p: {"reason": "Offsite"},
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/decline"): (
        CIRCLE_WRITERS,
        meeting,
        lambda p: {"declining": True},
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/roles"): (
        CIRCLE_WRITERS,
        lambda p: {"meeting_id": p.ids["unstarted"]},
        lambda p: {"role": "facilitator", "person_id": p.world.member.pk},
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/attendance"): (
        CIRCLE_WRITERS,
        meeting,
        lambda p: {"attended": [p.world.member.pk]},
    ),
    ("POST", "/api/v1/meetings/{meeting_id}/commitments"): (
        CIRCLE_WRITERS,
        meeting,
        lambda p: {"owner_id": p.world.member.pk, "action": "Probe step", "due_on": in_ten_days()},
    ),
    ("POST", "/api/v1/commitments/{commitment_id}/follow-ups"): (
        CIRCLE_WRITERS,
        open_commitment,
        lambda p: {"outcome": "done", "reflection": "Done"},
    ),
    ("POST", "/api/v1/commitments/{commitment_id}/check-ins"): (
        frozenset({"member"}),
        open_commitment,
        lambda p: {"percent": 50, "update": "Half way"},
    ),
    ("PUT", "/api/v1/me/plan"): (PEOPLE, no_args, lambda p: {"summary": "Grow"}),
    ("POST", "/api/v1/me/plan/goals"): (PEOPLE, no_args, lambda p: {"title": "Listen more"}),
    ("PUT", "/api/v1/me/plan/goals/{goal_id}"): (
        frozenset({"member"}),
        goal,
        lambda p: {"title": "Rewritten", "status": "paused"},
    ),
    ("DELETE", "/api/v1/me/plan/goals/{goal_id}"): (frozenset({"member"}), goal, lambda p: None),
}


def operations() -> set[tuple[str, str]]:
    document = ninja_api.get_openapi_schema(path_prefix="/api/")
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_operation_has_a_row():
    rows = {("GET", path) for path in READS} | set(WRITES)
    assert operations() - rows == set(), "operations without a row"
    assert rows - operations() == set(), "rows for operations that no longer exist"


@pytest.fixture
def probe(world) -> ApiProbe:
    return build_api_probe(world)


def call(client: Client, probe: ApiProbe, persona: str, method: str, url: str, body: Any) -> Any:
    secret = probe.secrets[persona]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    send = getattr(client, method.lower())
    if body == "upload":
        csv = b"Employee ID,Full Name,Work Email,Time Zone\nE9,Una Upload,una@acme.example,UTC\n"
        return send(url, {"file": SimpleUploadedFile("hr.csv", csv)}, **headers)
    if body is None:
        return send(url, **headers)
    return send(url, body, content_type="application/json", **headers)


def _forbidden(persona: str) -> list[str]:
    allowed: tuple[str, ...] = ()
    if persona in CIRCLE_READERS:
        allowed += API_CIRCLE_MARKERS
    if persona == "member":
        allowed += OWNER_MARKERS
    return [m for m in (*API_CIRCLE_MARKERS, *OWNER_MARKERS) if m not in allowed]


def test_every_read_gives_each_persona_what_the_row_says_and_no_marker_leaks(probe, client):
    mismatches: list[str] = []
    leaks: list[str] = []
    for persona in API_PERSONAS:
        forbidden = _forbidden(persona)
        for path, (policy, args, finds) in READS.items():
            response = call(client, probe, persona, "GET", path.format(**args(probe)), None)
            body = response.content.decode()
            if response.status_code != policy[persona]:
                mismatches.append(
                    f"{persona} GET {path}: {response.status_code} not {policy[persona]}"
                )
            elif response.status_code >= 400:
                assert set(response.json()) == {"message", "errors"}, body
            if finds is not None and response.status_code == 200:
                found = response.json()["count"] > 0
                if found != (persona in finds):
                    mismatches.append(f"{persona} GET {path}: found {found}")
            leaks += [f"{persona} {path}: {m[:30]}…" for m in forbidden if m in body]
    assert not leaks, "confidential text where it must not be:\n" + "\n".join(leaks)
    assert not mismatches, "\n".join(mismatches)


# An operation and the page that shows the same thing: the same people may open both.
SAME_AS_PAGE: dict[str, tuple[str, Args]] = {
    "/api/v1/people": ("people_directory", no_args),
    "/api/v1/people/{person_id}": ("person_detail", person),
    "/api/v1/imports": ("people_import", no_args),
    "/api/v1/imports/{import_id}": ("people_import_detail", people_import),
    "/api/v1/programmes": ("programme_index", no_args),
    "/api/v1/programmes/{programme_id}": ("programme_detail", programme),
    "/api/v1/programmes/{programme_id}/dashboard": ("insights_dashboard", programme),
    "/api/v1/circles/{circle_id}": ("circle_detail", circle),
    "/api/v1/circles/{circle_id}/commitments": ("circle_commitments", circle),
    "/api/v1/circles/{circle_id}/dashboard": ("insights_circle", circle),
    "/api/v1/meetings/{meeting_id}": ("meeting_detail", meeting),
    "/api/v1/me/plan": ("plan_detail", no_args),
    "/api/v1/library/items/{item_id}": ("library_item", library_item),
}
# Leads and admins open a circle's members on the programme's page rather than the circle's.
PAGE_ELSEWHERE = {("/api/v1/circles/{circle_id}", "lead"), ("/api/v1/circles/{circle_id}", "admin")}


def test_each_person_opens_an_operation_exactly_when_they_open_its_page(probe, client):
    differences: list[str] = []
    for persona in sorted(PEOPLE):
        for path, (page, args) in SAME_AS_PAGE.items():
            kwargs = args(probe)
            by_api = call(client, probe, persona, "GET", path.format(**kwargs), None).status_code
            sign_in(client, probe.probe, persona)
            by_page = client.get(reverse(page, kwargs=kwargs)).status_code
            client.logout()
            if (by_api == 200) != (by_page == 200) and (path, persona) not in PAGE_ELSEWHERE:
                differences.append(f"{persona} {path}: API {by_api}, page {by_page}")
    assert not differences, "\n".join(differences)


def snapshot() -> str:
    """Every row a refused write must leave alone (tokens' last use is bookkeeping)."""
    digest = hashlib.sha256()
    for config in WATCHED_APPS:
        if config == "api":
            continue
        for model in apps.get_app_config(config).get_models():
            for row in model._default_manager.order_by("pk").values():
                digest.update(repr(sorted(row.items())).encode())
    return digest.hexdigest()


REFUSED = {400, 401, 403, 404, 409}


def test_a_valid_write_changes_something_only_when_its_persona_may_make_it(probe, client):
    problems: list[str] = []
    for (method, path), (writers, args, body) in WRITES.items():
        url = path.format(**args(probe))
        with transaction.atomic():
            before = snapshot()
            for persona in API_PERSONAS:
                if persona in writers:
                    continue
                response = call(client, probe, persona, method, url, body(probe))
                if response.status_code not in REFUSED:
                    problems.append(f"{persona} {method} {path}: {response.status_code}")
                if snapshot() != before:
                    problems.append(f"{persona} changed something through {method} {path}")
                    before = snapshot()
            writer = sorted(writers)[0]
            response = call(client, probe, writer, method, url, body(probe))
            if response.status_code not in {200, 201}:
                problems.append(
                    f"{writer} {method} {path}: {response.status_code} {response.content[:300]!r}"
                )
            elif snapshot() == before:
                problems.append(f"{writer} {method} {path} changed nothing")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
