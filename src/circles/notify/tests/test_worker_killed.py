"""A worker killed with SIGKILL in the middle of a batch: after a restart, every reminder
reaches the mailbox exactly once.

This runs real processes (``circles sweep``, ``circles db_worker``) against their own SQLite
file, and a real SMTP server that kills the worker at the worst moment: after it has received a
message but before it has answered "250", so the worker never learns the message arrived.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from circles.notify.smtp_sink import Sink, SmtpServer

PEOPLE = 24
KILL_AT = 9


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "circles.cli", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def states(db: Path) -> Counter[str]:
    with sqlite3.connect(db) as conn:
        return Counter(
            dict(conn.execute("SELECT state, count(*) FROM notify_reminder GROUP BY state"))
        )


def test_every_reminder_is_delivered_exactly_once_after_a_worker_is_killed(tmp_path):
    db = tmp_path / "kill.sqlite3"
    sink = Sink()
    worker: dict[str, subprocess.Popen[str]] = {}

    def kill_mid_batch(number: int) -> None:
        if number == KILL_AT:
            os.kill(worker["first"].pid, signal.SIGKILL)

    sink.on_message = kill_mid_batch
    with SmtpServer(sink) as server:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "circles.settings",
            "DATABASE_URL": f"sqlite:///{db}",
            "CIRCLES_VAR_DIR": str(tmp_path),
            "EMAIL_URL": server.url,
            "CIRCLES_REMINDER_LEASE_SECONDS": "1",
            "CIRCLES_MEETING_REMINDER_HOURS": "24",
            "DEBUG": "false",
        }
        run(env, "migrate", "--no-input", "-v0")
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"from circles.notify.tests.kill_scenario import populate; populate({PEOPLE})",
            ],
            env=env,
            check=True,
            timeout=120,
        )
        run(env, "sweep", "-v0")
        expected = sum(states(db).values())
        # Invitations and meeting reminders for everyone, and the lead's digest.
        assert expected == 2 * PEOPLE + 1

        worker_args = ["db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0"]
        worker["first"] = subprocess.Popen(
            [sys.executable, "-m", "circles.cli", *worker_args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert worker["first"].wait(timeout=120) == -signal.SIGKILL
        assert sink.count == KILL_AT
        assert states(db)["sent"] == KILL_AT - 1  # the last one never heard "250"

        time.sleep(1.2)  # the dead worker's lease runs out
        run(env, "sweep", "-v0")
        run(env, *worker_args)

    assert states(db) == Counter({"sent": expected})
    mailbox = sink.mailbox()
    assert len(mailbox) == expected
    # One message went twice over SMTP (the one in flight at the kill), with the same
    # Message-ID, so the mailbox holds it once; nothing else was sent twice.
    assert sink.count == expected + 1
    sent_twice = [
        mid for mid, n in Counter(m["Message-ID"] for m in sink.messages).items() if n > 1
    ]
    assert len(sent_twice) == 1
    per_person_and_subject = Counter((m["To"], m["Subject"]) for m in mailbox.values())
    assert max(per_person_and_subject.values()) == 1
