"""The API against its own published contract: schemathesis generates requests from the live
OpenAPI document served over HTTP by the test server, sends them with a real token of each
role, and checks every answer: never a 5xx, and every status, header and body as documented.

Bounded in time: a fixed number of examples per operation and role, so the whole run takes
about a minute on two cores. The counts are printed (``-s``) and kept in the test's output.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from circles.api.tests.world import SERVICE, ApiProbe, build_api_probe
from circles.testing import build_world

# Examples per operation and role: 50 operations x 4 roles x this is the number of requests.
EXAMPLES = 6
ROLES = ("member", "lead", "admin", SERVICE)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def real_ids(probe: ApiProbe) -> dict[str, int]:
    """Ids of records that exist, so that half the cases get past the lookup to the rules."""
    world = probe.world
    return {
        "person_id": world.member.pk,
        "programme_id": world.programme.pk,
        "circle_id": world.circle.pk,
        "meeting_id": world.next_meeting.pk,
        "commitment_id": int(probe.ids["open_commitment"]),  # type: ignore[call-overload]
        "import_id": int(probe.ids["import"]),  # type: ignore[call-overload]
        "goal_id": int(probe.ids["goal"]),  # type: ignore[call-overload]
        "item_id": int(probe.ids["library_item"]),  # type: ignore[call-overload]
        "membership_id": int(probe.ids["peer_membership"]),  # type: ignore[call-overload]
    }


def strategy(operation: Any, ids: dict[str, int]) -> Any:
    names = [parameter.name for parameter in operation.path_parameters]
    if not names:
        return operation.as_strategy()
    real = operation.as_strategy(path_parameters={name: ids[name] for name in names})
    return st.one_of(real, operation.as_strategy())


def exercise(operation: Any, ids: dict[str, int], base_url: str, secret: str) -> int:
    """Send the operation's generated cases with this token; returns how many were sent and
    raises the first broken check (hypothesis shrinks it to the smallest such request)."""
    headers = {"Authorization": f"Bearer {secret}"}
    sent = 0

    @given(case=strategy(operation, ids))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        nonlocal sent
        sent += 1
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        case.validate_response(response, checks=CHECKS)

    run()
    return sent


@pytest.mark.django_db(transaction=True)
def test_every_operation_keeps_its_contract_for_every_role(live_server, settings_override):
    probe = build_api_probe(build_world())
    # The document as the running server publishes it (the first request warms the server).
    document = requests.get(f"{live_server.url}/api/openapi.json", timeout=120).json()
    schema = schemathesis.openapi.from_dict(document)
    ids = real_ids(probe)
    # An invalid schema would raise here (Err has no ok()): the document itself is checked too.
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    failures: list[str] = []
    cases = 0
    started = time.monotonic()
    for role in ROLES:
        secret = probe.secrets[role]
        assert secret is not None
        for operation in operations:
            try:
                cases += exercise(operation, ids, live_server.url, secret)
            except Exception as error:  # a broken check: collect it, show them all at the end
                failures.append(f"{role} {operation.label}: {str(error)[:1500]}")
    elapsed = time.monotonic() - started
    print(
        f"\nschemathesis: {len(operations)} operations, {cases} cases "
        f"for {len(ROLES)} roles in {elapsed:.0f} s"
    )
    assert len(operations) >= 40
    assert not failures, "\n\n".join(failures[:20])


@pytest.fixture
def settings_override(settings):
    # Thousands of requests with four tokens: the rate limit is tested on its own.
    settings.CIRCLES_API_RATE = "100000/m"
    cache.clear()
