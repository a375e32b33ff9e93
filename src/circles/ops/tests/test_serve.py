"""`circles serve`: JSON log lines that name each request, and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import requests

from circles.ops.faults.battery import environment
from circles.ops.faults.stack import circles, free_port


def test_it_logs_json_with_request_ids_and_stops_cleanly_on_sigterm(tmp_path):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env |= {"CIRCLES_LOG_FORMAT": "json", "LOG_LEVEL": "INFO"}
    subprocess.run(
        [sys.executable, "-m", "circles.cli", "migrate", "--no-input", "-v0"], env=env, check=True
    )
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = circles(
            ["serve", f"--bind=127.0.0.1:{port}", "--workers=1", "--access-log"],
            env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = requests.get(
                    f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "probe-1"}
                )
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert answer.headers["X-Request-ID"] == "probe-1"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        assert server.wait(40) == 0, log.read_text()
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access[-1]["request_id"] == "probe-1", access
    assert access[-1]["status"] == 200
    assert all({"time", "level", "message", "request_id"} <= set(line) for line in lines)
    assert "Traceback" not in log.read_text()
