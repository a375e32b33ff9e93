from __future__ import annotations

import pytest

from circles.notify.smtp_sink import Sink, SmtpServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free loopback port; Django's email goes to it."""
    sink = Sink()
    with SmtpServer(sink) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.SITE_URL = "http://testserver"
        yield sink
