"""Suite-wide switches: the PostgreSQL run, and its rule that CI must not skip it."""

from __future__ import annotations

import os

import pytest

DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres-run",
        action="store_true",
        help="Run only the database-touching tests, against DATABASE_URL (PostgreSQL).",
    )


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DB_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--postgres-run"):
        return
    keep, drop = [], []
    for item in items:
        is_browser = item.get_closest_marker("browser") is not None
        (keep if _uses_database(item) and not is_browser else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # The test client and the live server speak plain HTTP; production's redirect to HTTPS is
    # tested on its own (circles/ops/tests/test_production_settings.py).
    settings.SECURE_SSL_REDIRECT = False
    if not config.getoption("--postgres-run") or hasattr(config, "workerinput"):
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.exit("--postgres-run needs DATABASE_URL to point at PostgreSQL.", returncode=2)
    import psycopg

    try:
        # Connect to the server's maintenance database: the test database is created from it.
        conninfo = psycopg.conninfo.conninfo_to_dict(url)
        conninfo["dbname"] = "postgres"
        psycopg.connect(**conninfo, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.exit(f"PostgreSQL is unreachable on CI ({exc}).", returncode=1)
        pytest.exit(f"PostgreSQL tests skipped: cannot reach {url} ({exc}).", returncode=0)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> None:
    """On SQLite, test in a database file, as production does (WAL, immediate transactions),
    not in shared memory, where two connections writing at once fail instead of waiting: the
    concurrency tests need real concurrent connections."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    folder = tmp_path_factory.getbasetemp()
    database.setdefault("TEST", {})["NAME"] = str(folder / f"test-{worker}.sqlite3")
