"""Outside DEBUG, static files get names with a hash of their content and compressed copies,
which whitenoise serves with a year of caching."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from circles.security.startup_keys import fresh_keys


def test_collectstatic_writes_hashed_names_with_gzip_and_brotli_copies(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CIRCLES_"))}
    env |= {**fresh_keys(), "DEBUG": "false", "CIRCLES_VAR_DIR": str(tmp_path)}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run(
        [sys.executable, "-m", "circles.cli", "collectstatic", "--no-input", "-v0"],
        env=env,
        check=True,
        timeout=120,
    )
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert hashed != "css/app.css"
    assert hashed.startswith("css/app.")
    for suffix in ("", ".gz", ".br"):
        assert (tmp_path / "static" / f"{hashed}{suffix}").exists()
