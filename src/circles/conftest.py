from __future__ import annotations

import pytest
from django.test import Client

from circles.orgs.models import Person
from circles.testing import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Real hashers are deliberately slow; tests sign in dozens of personas.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Sign the test client in as a persona; returns the client."""

    def sign_in(person: Person) -> Client:
        assert person.user is not None
        client.force_login(person.user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes connections it thinks are stale; inside a test's transaction that would
    close the test's own connection (on PostgreSQL), so in-process runs keep it."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.fixture
def loopback_posts(settings):  # type: ignore[no-untyped-def]
    """Webhooks and chat nudges may post to a receiver on this machine, over plain HTTP, and
    retry at once instead of after a backoff."""
    settings.CIRCLES_OUTBOUND_ALLOW_HTTP = True
    settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE = True
    settings.CIRCLES_WEBHOOK_BACKOFF_SECONDS = 0
    return settings
