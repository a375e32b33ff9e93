"""The scim2-tester compliance checker, run over HTTP against the live test server."""

from __future__ import annotations

from collections import Counter

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from circles.orgs.models import Role
from circles.provisioning.tokens import scim_token_create
from circles.testing import make_org, make_person


@pytest.fixture
def scim_results(live_server, transactional_db):
    organisation = make_org()
    make_person(organisation, role=Role.ADMIN)
    _token, secret = scim_token_create(organisation=organisation)
    with httpx2.Client(
        base_url=f"{live_server.url}/scim/v2",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    ) as http:
        client = SyncSCIMClient(http)
        return check_server(client)


def test_scim2_tester_passes_every_check(scim_results):
    counts = Counter(result.status.name for result in scim_results)
    print(f"\nscim2-tester: {dict(counts)}")
    failures = [
        f"{result.title}: {result.reason}"
        for result in scim_results
        if result.status in (Status.ERROR, Status.CRITICAL)
    ]
    assert not failures, "\n".join(failures)
