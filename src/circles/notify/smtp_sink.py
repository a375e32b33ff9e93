"""A real SMTP server on loopback that keeps what it receives: for tests and the benchmark."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Sink:
    """Messages in arrival order; ``keep=False`` only counts them (benchmark)."""

    keep: bool = True
    messages: list[EmailMessage] = field(default_factory=list)
    count: int = 0
    on_message: Callable[[int], None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.count += 1
            number = self.count
            if self.keep:
                parsed = message_from_bytes(envelope.content, policy=policy.default)
                assert isinstance(parsed, EmailMessage)
                parsed["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
                self.messages.append(parsed)
        if self.on_message is not None:
            self.on_message(number)
        return "250 Message accepted for delivery"

    def mailbox(self) -> dict[str, EmailMessage]:
        """What a mail store shows: one message per Message-ID."""
        with self.lock:
            return {m["Message-ID"]: m for m in self.messages}


class SmtpServer:
    def __init__(self, sink: Sink, port: int | None = None) -> None:
        self.sink = sink
        self.port = port or free_port()
        self.controller = Controller(sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"
