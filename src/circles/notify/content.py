"""What a reminder email says, in the shape every kind of reminder fills in, wherever it lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings


@dataclass
class Content:
    subject: str
    template: str
    context: dict[str, Any]
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


# (object id, person id, occasion) for someone due a reminder.
Candidate = tuple[int, int, str]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
