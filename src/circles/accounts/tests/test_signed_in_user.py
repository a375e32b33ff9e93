"""Who is asking: the signed-in user, their person and organisation, read in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.accounts.backends import EmailBackend, signed_in_user
from circles.accounts.models import User
from circles.accounts.oidc import SignOnBackend

pytestmark = pytest.mark.django_db


def _reads_of(table: str, queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_a_page_reads_the_person_with_the_user_not_on_its_own(world, login):
    client = login(world.member)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("my_commitments"))
    assert response.status_code == 200
    users = _reads_of("accounts_user", queries)
    assert len(users) == 1
    assert '"orgs_person"' in users[0]
    assert '"orgs_organisation"' in users[0]
    assert not [sql for sql in _reads_of("orgs_person", queries) if '"user_id" =' in sql]
    assert response.wsgi_request.person == world.member
    assert response.wsgi_request.person.organisation == world.member.organisation


@pytest.mark.parametrize("backend", [EmailBackend, SignOnBackend])
def test_every_sign_in_backend_reads_the_person_with_the_user(world, backend):
    user = backend().get_user(world.member.user_id)
    assert user is not None
    with CaptureQueriesContext(connection) as queries:
        assert user.person == world.member
        assert user.person.organisation.pk == world.member.organisation_id
    assert not queries


def test_a_user_whose_sign_in_is_switched_off_is_nobody(world):
    User.objects.filter(pk=world.member.user_id).update(is_active=False)
    assert signed_in_user(world.member.user_id) is None
    assert signed_in_user(10**9) is None


def test_an_operator_without_a_person_is_signed_in_as_nobody_in_particular(client):
    operator = User.objects.create_user(email="operator@example.com", password="x" * 12)
    client.force_login(operator)
    response = client.get(reverse("home"))
    assert response.wsgi_request.person is None


def test_someone_deactivated_is_signed_out_on_their_next_request(world, login):
    client = login(world.member)
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    response = client.get(reverse("home"))
    assert response.wsgi_request.person is None
    assert not response.wsgi_request.user.is_authenticated
