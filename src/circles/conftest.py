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
