"""`./dev serve` end to end: the production server with DEBUG off, demo email saved to files,
the logins printed last, links in the emails on the port it serves, and a quiet stop on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READY = "Ctrl-C to stop"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path):
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "EMAIL_URL",
            "SITE_URL",
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "CIRCLES_DATA_KEYS",
        }
    }
    env |= {"CIRCLES_VAR_DIR": str(tmp_path / "var"), "PORT": str(port), "COLUMNS": "72"}
    with log.open("w") as out:
        # A session of its own, like a terminal's foreground job: Ctrl-C goes to all of it.
        process = subprocess.Popen(
            ["./dev", "serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 420
            while READY not in log.read_text() and time.monotonic() < deadline:
                assert process.poll() is None, log.read_text()
                time.sleep(1)
            assert READY in log.read_text(), log.read_text()
            yield process, log, port, tmp_path / "var" / "mail"
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(30)


def test_serve_saves_demo_email_prints_logins_last_and_stops_quietly(served):
    process, log, port, mailbox = served
    output = log.read_text()
    lines = [line for line in output.splitlines() if line.strip()]
    # The logins come last: only the panel and the "Serving on" line follow the header.
    panel = next(i for i, line in enumerate(lines) if "Demo logins" in line)
    assert all(
        s in "\n".join(lines[panel:])
        for s in ("admin@northwind.example", "facilitator@northwind.example")
    )
    assert len(lines) - panel <= 9, lines[panel:]
    assert "Email to" not in "\n".join(lines[panel:])
    # One line per email, no email bodies on the console.
    saved = sorted(mailbox.glob("*.eml"))
    assert saved
    assert output.count("Email to ") == len(saved)
    assert "Content-Type" not in output
    assert "List-Unsubscribe" not in output
    # Links in the emails use the port that is served.
    bodies = "\n".join(p.read_text(errors="replace") for p in saved)
    assert f"http://127.0.0.1:{port}/" in bodies
    assert "http://127.0.0.1:8000" not in bodies
    # Without keys in the environment the demo makes its own, kept with the checkout's data.
    assert (mailbox.parent / "development-keys.json").exists()
    # What production serves: gunicorn, DEBUG off (a plain 404), hashed static files kept for
    # a year, and ready (migrated, the worker took the sweep's heartbeat).
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as page:
        assert page.headers["Server"].startswith("gunicorn")
        html = page.read().decode()
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, html[:2000]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet[1]}") as css:
        assert "immutable" in css.headers["Cache-Control"]
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/")
    assert missing.value.code == 404
    assert "URLconf" not in missing.value.read().decode()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz") as ready:
        assert ready.status == 200

    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    assert process.wait(60) == 0
    after = log.read_text()[len(output) :]
    assert "Traceback" not in after, after
    assert "Stopped." in after
    assert not re.search(r"(Error|Exception):", after), after
