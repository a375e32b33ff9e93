"""`circles serve`: the production app server (gunicorn), static files served by whitenoise."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from circles.ops.logs import HEADER


class _Logger(glogging.Logger):
    """gunicorn's lines: each request's access line names its request id; with
    CIRCLES_LOG_FORMAT=json its lines go through the app's JSON handler like every other."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if settings.CIRCLES_LOG_FORMAT == "json":
            for log in (self.error_log, self.access_log):
                for handler in list(log.handlers):
                    log.removeHandler(handler)
                log.propagate = True

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = str(resp.status).split(None, 1)[0]
        milliseconds = request_time.total_seconds() * 1000
        self.access_log.info(
            "%s %s %s %.1f ms",
            environ["REQUEST_METHOD"],
            environ.get("RAW_URI", environ.get("PATH_INFO", "")),
            status,
            milliseconds,
            extra={
                "request_id": headers.get(HEADER.lower()),
                "status": int(status) if status.isdigit() else status,
                "duration_ms": round(milliseconds, 1),
                "remote_addr": environ.get("REMOTE_ADDR"),
            },
        )


class _Gunicorn(BaseApplication):
    """gunicorn run from inside the command, with its options from the settings, not argv."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return get_wsgi_application()


class Command(BaseCommand):
    help = (
        "Serve the app in production: gunicorn with CIRCLES_WEB_WORKERS processes of "
        "CIRCLES_WEB_THREADS threads on CIRCLES_BIND; static files come from the app itself."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=settings.CIRCLES_BIND, help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=settings.CIRCLES_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.CIRCLES_WEB_THREADS)
        parser.add_argument(
            "--access-log", action="store_true", help="log every request on standard output"
        )

    def handle(
        self, *args: Any, bind: str, workers: int, threads: int, access_log: bool, **options: Any
    ) -> None:
        # The workers are forked from this process: none may inherit its database connection.
        connections.close_all()
        _Gunicorn(
            {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": settings.CIRCLES_WEB_TIMEOUT,
                "graceful_timeout": 30,
                # A worker is replaced after this many requests, so a slow leak cannot grow.
                "max_requests": 2000,
                "max_requests_jitter": 200,
                "accesslog": "-" if access_log else None,
                "errorlog": "-",
                "logger_class": _Logger,
                "proc_name": "circles",
                # No shared control socket in the home folder: several servers may run side by
                # side, and signals (TERM, HUP) are how they are managed.
                "control_socket_disable": True,
            }
        ).run()
