"""A local mailbox for development: each email saved as an .eml file, one log line per email.

`EMAIL_URL=mailfile://` (the default under `./dev serve`) selects it. Messages land in
`EMAIL_FILE_PATH`, by default `CIRCLES_VAR_DIR/mail/`, where any mail program opens them;
the log line (logger `circles.mail`, always shown) says who got what, so the console stays
readable however many reminders the worker sends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger("circles.mail")
BACKEND = "circles.notify.mailbox.EmailBackend"


def mailbox_folder() -> Path:
    configured = getattr(settings, "EMAIL_FILE_PATH", "") or ""
    return Path(configured) if configured else Path(settings.VAR_DIR) / "mail"


class EmailBackend(BaseEmailBackend):
    def __init__(self, *, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.folder = mailbox_folder()
        self._lock = threading.Lock()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                if not message.recipients():
                    continue
                path = self.folder / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid4().hex[:8]}.eml"
                try:
                    path.write_bytes(message.message().as_bytes())
                except OSError:
                    if not self.fail_silently:
                        raise
                    continue
                logger.info(
                    "Email to %s: “%s” → %s",
                    ", ".join(message.recipients()),
                    message.subject,
                    _shown(path),
                )
                sent += 1
        return sent


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
