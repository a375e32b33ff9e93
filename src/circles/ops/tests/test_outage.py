"""While the database is unreachable: a clear 503 everywhere, and service again without a
restart once it answers."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace
from unittest import mock

import psycopg
import pytest
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import TransactionManagementError
from django.test import Client

from circles.ops.outage import is_connection_error

pytestmark = pytest.mark.django_db


def _wrapped(cause: Exception) -> OperationalError:
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (_wrapped(psycopg.OperationalError("connection failed: Connection refused")), True),
        (
            _wrapped(
                psycopg.errors.AdminShutdown("terminating connection due to administrator command")
            ),
            True,
        ),
        (InterfaceError("connection already closed"), True),
        (_wrapped(sqlite3.OperationalError("unable to open database file")), True),
        (_wrapped(psycopg.errors.DeadlockDetected("deadlock detected")), False),
        (_wrapped(sqlite3.OperationalError("no such table: groups_circle")), False),
        (IntegrityError("duplicate key"), False),
        (ValueError("nope"), False),
    ],
)
def test_only_a_lost_connection_counts_as_an_outage(error, outage):
    assert is_connection_error(error) is outage


def _raised_while_handling(handled: BaseException, error: Exception) -> Exception:
    try:
        raise handled
    except BaseException:
        try:
            raise error
        except Exception as raised:
            return raised
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        # The driver's error let out unwrapped.
        (psycopg.OperationalError("connection failed: Connection refused"), True),
        (psycopg.errors.DeadlockDetected("deadlock detected"), False),
        # Cleaning up after a lost connection fails in its own way: still the outage.
        (
            _raised_while_handling(
                _wrapped(psycopg.OperationalError("connection failed: Connection refused")),
                TransactionManagementError("An error occurred in the current transaction."),
            ),
            True,
        ),
        (
            _raised_while_handling(
                _wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
                TransactionManagementError("An error occurred in the current transaction."),
            ),
            False,
        ),
        (_raised_while_handling(KeyError("x"), ValueError("nope")), False),
    ],
)
def test_what_follows_from_a_lost_connection_counts_too(error, outage):
    assert is_connection_error(error) is outage


def _lost_mid_result() -> DatabaseError:
    error = DatabaseError("server closed the connection unexpectedly")
    error.__cause__ = psycopg.DatabaseError("server closed the connection unexpectedly")
    return error


@pytest.mark.parametrize(("broken", "outage"), [(True, True), (False, False)])
def test_a_connection_lost_while_a_result_is_read_is_an_outage_only_if_it_broke(broken, outage):
    """libpq reports it as a bare DatabaseError without a SQLSTATE; on a connection that still
    works the same error is a bug, and stays a 500."""
    raw = SimpleNamespace(broken=broken, closed=False)
    with mock.patch("circles.ops.outage.connection", SimpleNamespace(connection=raw)):
        assert is_connection_error(_lost_mid_result()) is outage
        # A server-side error with its SQLSTATE is never taken for an outage.
        deadlock = DatabaseError("deadlock")
        deadlock.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
        assert not is_connection_error(deadlock)


def _database_down():
    """Every new or existing connection fails the way a refused connection does."""
    refused = _wrapped(psycopg.OperationalError("connection failed: Connection refused"))
    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused)


@pytest.fixture
def member_client(world) -> Client:
    # A lost connection in a middleware reaches the 500 handler, which the test client would
    # otherwise re-raise instead of returning its answer.
    client = Client(raise_request_exception=False)
    client.force_login(world.member.user)
    return client


def test_pages_answer_a_503_page_in_the_product_style(member_client, world):
    with _database_down():
        response = member_client.get(f"/circles/{world.circle.pk}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Briefly unavailable" in body
    assert "/static/css/app.css" in body
    assert "Content-Security-Policy" in response


def test_json_clients_get_a_503_json_answer(member_client, world):
    with _database_down():
        response = member_client.get(
            f"/meetings/{world.next_meeting.pk}/run/live", headers={"Accept": "application/json"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again" in response.json()["error"]


def test_a_form_sent_during_the_outage_answers_503(member_client, world):
    with _database_down():
        response = member_client.post(
            f"/meetings/{world.next_meeting.pk}/notes/", {"body": "Written while it was down"}
        )
    assert response.status_code == 503


def test_signing_in_and_the_health_check_answer_503(client):
    client.raise_request_exception = False
    with _database_down():
        # The sign-in form itself needs no database; signing in does.
        assert client.get("/accounts/login/").status_code == 200
        signing_in = {"username": "someone@acme.example", "password": "a-long-test-password"}
        assert client.post("/accounts/login/", signing_in).status_code == 503
        assert client.get("/healthz").status_code == 503


# Closing the connection ends a test transaction on a database file: this test commits.
@pytest.mark.django_db(transaction=True)
def test_it_serves_again_once_the_database_answers_without_a_restart(member_client, world):
    with _database_down():
        assert member_client.get("/").status_code == 503
    connection.close()  # what the end of a failed request does to an unusable connection
    assert member_client.get("/").status_code == 200
    assert member_client.get("/healthz").status_code == 200


def test_other_database_errors_stay_500(member_client):
    with mock.patch(
        "circles.views.open_commitments_of", side_effect=IntegrityError("duplicate key")
    ):
        assert member_client.get("/").status_code == 500
