"""Log lines that name their request: a request id per request, on every line logged during it.

The id comes from the `X-Request-ID` header a proxy in front sets (when it looks like an id),
or is made here; the response carries it back, so a support request, the proxy's log and the
app's lines meet on one value. `CIRCLES_LOG_FORMAT=json` writes each line as one JSON object.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is a plain token (never anything that could forge a log line)."""
    if header and _ACCEPTED.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so that every line logged while answering carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_from(request.headers.get(HEADER))
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (None outside a request), for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


# The fields of a JSON line, besides its time, the message and whatever `extra` a caller gives.
JSON_FIELDS = ["levelname", "name", "process", "request_id", "message"]
JSON_RENAME = {"levelname": "level", "name": "logger"}


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """`LOGGING` for the settings; gunicorn's own loggers use the same handler
    (circles/ops/management/commands/serve.py)."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_RENAME,
            "timestamp": "time",
        }
        if json_lines
        else {"format": "%(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "circles.ops.logs.RequestIdFilter"}},
        "formatters": {
            "line": formatter,
            "plain": {"format": "%(message)s"} if not json_lines else formatter,
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                **({"formatter": "line"} if json_lines else {}),
            },
            "plain": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        # One line per email saved by the development mailbox, whatever LOG_LEVEL says.
        "loggers": {"circles.mail": {"handlers": ["plain"], "level": "INFO", "propagate": False}},
    }
