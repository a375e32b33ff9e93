"""The processes under test (app server, task worker, sweep) and a TCP proxy in front of the
database that the battery can cut."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def circles(args: list[str], env: dict[str, str], **options: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, "-m", "circles.cli", *args], env=env, **options
    )


@dataclass
class Stack:
    """`circles serve`, `circles db_worker` and `circles sweep`, each in its own process group
    so that a SIGKILL reaches the server's workers too, as a crash or an OOM kill would."""

    env: dict[str, str]
    port: int
    workers: int
    threads: int
    log: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start whichever of the three is not running, and wait until the server answers."""
        commands = {
            "server": [
                "serve",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                f"--threads={self.threads}",
            ],
            "worker": ["db_worker", "--no-reload", "--interval", "0.5", "-v0"],
            "sweep": ["sweep", "--every", "1", "-v0"],
        }
        with self.log.open("ab") as log:
            for name, args in commands.items():
                if name in self.processes and self.processes[name].poll() is None:
                    continue
                self.processes[name] = circles(
                    args, self.env, stdout=log, stderr=log, start_new_session=True
                )
        self.wait_until_serving()

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            if self.processes["server"].poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log}")
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL every process: nothing gets to finish or clean up."""
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        for process in self.processes.values():
            process.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def revive(self) -> None:
        """What a supervisor (systemd's Restart=always) does: start again what exited."""
        for name in self.exited():
            del self.processes[name]
        self.start()

    def exited(self) -> list[str]:
        return [name for name, p in self.processes.items() if p.poll() is not None]


class Proxy:
    """A loopback TCP proxy to the database. ``cut()`` closes the listening socket and every
    connection through it, so the database is unreachable (refused) until ``mend()``."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def mend(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            doomed = [*self._sockets, *([self._listener] if self._listener else [])]
            self._sockets.clear()
            self._listener = None
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
