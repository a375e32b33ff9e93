"""`/healthz` (liveness: the process answers and reaches its database) and `/readyz`
(readiness: the database is reachable, every migration of this release is applied, and a task
worker took work recently). Load balancers route to ready processes; supervisors restart ones
that are not alive."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from circles.ops.heartbeat import worker_is_recent

# Once every migration is applied it stays so for the life of the process (a release's code
# does not change under it), so the migration graph is read until then, not on every probe.
_migrated = False


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever the driver raises
        return False
    return True


def migrations_pending() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


def readiness() -> tuple[bool, dict[str, Any]]:
    """Each check by name, and whether all passed; a check that cannot run has failed."""
    checks: dict[str, Any] = {"database": _database_answers()}
    if not checks["database"]:
        return False, checks
    try:
        pending = migrations_pending()
        recent, age = worker_is_recent()
    except DatabaseError:
        return False, {"database": False}
    checks["migrations"] = pending == 0
    checks["pending_migrations"] = pending
    checks["worker"] = recent
    checks["worker_seen_seconds_ago"] = None if age is None else round(age)
    return all(checks[name] for name in ("database", "migrations", "worker")), checks


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    if not _database_answers():
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
