"""While the database cannot be reached, every address answers a clear 503 instead of a 500.

Pages get a static page in the product's style (rendered without touching the database), JSON
clients a JSON answer, both with ``Retry-After``. Nothing needs restarting afterwards: Django
opens a new connection for the next request (and checks a kept one first, CONN_HEALTH_CHECKS).
Only errors that mean "no connection" count; anything else (an integrity error, a missing
table, a deadlock) stays the 500 it is.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import psycopg
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.http.response import HttpResponseBase
from django.template import TemplateDoesNotExist, loader
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("circles.outage")

RETRY_AFTER_SECONDS = 30
# PostgreSQL SQLSTATEs of a lost or refused connection: class 08 (connection exception),
# 57P01-57P05 (server shutting down, restarting, not accepting connections), 53300 (too many
# connections, also what CONNECTION LIMIT 0 answers).
_PG_CONNECTION_STATES = ("08", "57P", "53300")
# What SQLite says when its file cannot be opened, read or written.
_SQLITE_UNREACHABLE = ("unable to open database", "disk i/o error", "readonly database")


def is_connection_error(error: BaseException) -> bool:
    """True when ``error`` means the database cannot be reached, or was raised while handling
    an error that does (cleaning up after a lost connection fails in its own way)."""
    current: BaseException | None = error
    for _hop in range(8):
        if current is None:
            return False
        if _means_no_connection(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _means_no_connection(error: BaseException) -> bool:
    if isinstance(error, InterfaceError | psycopg.InterfaceError):
        return True
    if isinstance(error, psycopg.Error):
        # The driver's own error: Django's wrapper passes it on as the cause, and a few paths
        # (closing a cursor, a health check) let it out unwrapped.
        return _driver_lost_connection(error)
    if not isinstance(error, OperationalError):
        return False
    message = str(error).lower()
    return any(text in message for text in _SQLITE_UNREACHABLE)


def _driver_lost_connection(error: psycopg.Error) -> bool:
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(error, psycopg.OperationalError):
        # Without a SQLSTATE the client itself failed: refused, reset, closed, timed out.
        return sqlstate is None or sqlstate.startswith(_PG_CONNECTION_STATES)
    # A connection lost while a result is read comes from libpq as a bare DatabaseError
    # without a SQLSTATE: an outage when the connection is broken now, a bug otherwise.
    return sqlstate is None and type(error) is psycopg.DatabaseError and _connection_broken()


def _connection_broken() -> bool:
    raw = getattr(connection, "connection", None)
    return raw is None or bool(getattr(raw, "broken", False) or getattr(raw, "closed", False))


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "json" in accept and "text/html" not in accept


def outage_response(request: HttpRequest) -> HttpResponse:
    logger.warning("database unreachable: %s %s answered 503", request.method, request.path)
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse(
            {"error": _("The service is briefly unavailable. Please try again in a minute.")},
            status=503,
        )
    else:
        # No request context: the context processors would read the session from the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """Turns a lost database connection in a view or its template into the 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return outage_response(request) if is_connection_error(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: a lost connection raised outside a view (the session or person lookup
    in another middleware, saving the session afterwards) gets the same 503 answer."""
    error = sys.exc_info()[1]
    if error is not None and is_connection_error(error):
        return outage_response(request)
    try:
        loader.get_template(defaults.ERROR_500_TEMPLATE_NAME)
    except TemplateDoesNotExist:
        # Django's own bare page, its title in the reader's language.
        title = escape(_("Server Error (500)"))
        return HttpResponseServerError(
            defaults.ERROR_PAGE_TEMPLATE % {"title": title, "details": ""}
        )
    return defaults.server_error(request)
