"""Outside development a process without its keys refuses to start, and says how to make them."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from circles.lib import confidential
from circles.security.startup_keys import DEVELOPMENT_KEY_FILE, MissingKeys, startup_keys

KEY_NAMES = {
    "SECRET_KEY",
    "CIRCLES_DATA_KEYS",
    "CIRCLES_DEVELOPMENT_KEYS",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
}


def circles(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in KEY_NAMES}
    return subprocess.run(
        [sys.executable, "-m", "circles.cli", *args],
        env=clean
        | {
            "CIRCLES_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
        | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_keys_outside_development_nothing_starts_and_the_message_says_how(tmp_path):
    refused = circles(tmp_path, "check", DEBUG="false")
    assert refused.returncode != 0
    assert "SECRET_KEY and CIRCLES_DATA_KEYS must be set" in refused.stderr
    assert "circles generate_keys" in refused.stderr
    assert "Fernet.generate_key()" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / DEVELOPMENT_KEY_FILE).exists()

    made = circles(tmp_path, "generate_keys")
    assert made.returncode == 0, made.stderr
    keys = dict(line.split("=", 1) for line in made.stdout.splitlines())
    assert set(keys) == {"SECRET_KEY", "CIRCLES_DATA_KEYS"}
    started = circles(tmp_path, "check", DEBUG="false", **keys)
    assert started.returncode == 0, started.stderr
    assert "no issues" in started.stdout


def test_one_key_alone_is_not_enough(tmp_path):
    refused = circles(tmp_path, "check", DEBUG="false", SECRET_KEY="s" * 50)
    assert refused.returncode != 0
    assert "CIRCLES_DATA_KEYS must be set" in refused.stderr
    assert "SECRET_KEY and" not in refused.stderr


def test_a_malformed_data_key_stops_the_start(tmp_path):
    refused = circles(
        tmp_path, "check", DEBUG="false", SECRET_KEY="s" * 50, CIRCLES_DATA_KEYS="not-a-key"
    )
    assert refused.returncode != 0
    assert "CIRCLES_DATA_KEYS must hold Fernet keys" in refused.stderr


def test_development_makes_keys_once_per_checkout_and_keeps_them(tmp_path):
    first = startup_keys(secret_key="", data_keys=[], development=True, var_dir=tmp_path)
    again = startup_keys(secret_key="", data_keys=[], development=True, var_dir=tmp_path)
    assert first == again
    assert len(first[0]) >= 50
    Fernet(first[1][0].encode())
    assert (tmp_path / DEVELOPMENT_KEY_FILE).stat().st_mode & 0o077 == 0
    # Keys in the environment win over the checkout's.
    given = Fernet.generate_key().decode()
    assert startup_keys(
        secret_key="mine", data_keys=[given], development=True, var_dir=tmp_path
    ) == (
        "mine",
        [given],
    )


def test_production_never_falls_back_to_the_checkout_keys(tmp_path):
    startup_keys(secret_key="", data_keys=[], development=True, var_dir=tmp_path)
    with pytest.raises(MissingKeys):
        startup_keys(secret_key="", data_keys=[], development=False, var_dir=tmp_path)


def test_text_from_before_data_keys_is_read_with_the_key_printed_for_it(tmp_path, settings):
    secret = "an-installation-secret-key-of-before"
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"circles-confidential")
    derived = Fernet(base64.urlsafe_b64encode(hkdf.derive(secret.encode())))
    stored = confidential.LEGACY_PREFIX + derived.encrypt(b"written long ago").decode()

    printed = circles(tmp_path, "generate_keys", "--legacy-key-from-secret-key", SECRET_KEY=secret)
    assert printed.returncode == 0, printed.stderr
    settings.CIRCLES_DATA_KEYS = [Fernet.generate_key().decode(), printed.stdout.strip()]
    assert confidential.decrypt(stored) == "written long ago"


def test_a_new_data_key_for_rotation(tmp_path):
    printed = circles(tmp_path, "generate_keys", "--data-key")
    assert printed.returncode == 0
    key = printed.stdout.strip()
    Fernet(key.encode())
    assert confidential.key_id(key) in printed.stderr


def test_the_development_keys_switch_starts_with_debug_off_and_the_deploy_check_says_so(
    tmp_path,
):
    started = circles(tmp_path, "check", DEBUG="false", CIRCLES_DEVELOPMENT_KEYS="true")
    assert started.returncode == 0, started.stderr
    assert (tmp_path / DEVELOPMENT_KEY_FILE).exists()
    deploy = circles(tmp_path, "check", "--deploy", DEBUG="false", CIRCLES_DEVELOPMENT_KEYS="true")
    assert "circles.W001" in deploy.stdout + deploy.stderr
