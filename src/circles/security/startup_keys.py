"""Where the two keys come from when a process starts: read by settings, before Django is set up.

`SECRET_KEY` signs sessions and links; `CIRCLES_DATA_KEYS` encrypt confidential text. Outside
development both must be given: a process without them refuses to start, so no installation
ever runs on a key that is public or derived from another one. Development (`DEBUG=true`, or
`CIRCLES_DEVELOPMENT_KEYS=true`, which `./dev` sets for the checkout's own database) gets keys
made once per checkout and kept in `CIRCLES_VAR_DIR`.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_FILE = "development-keys.json"

HOW_TO_MAKE_KEYS = """\
Make fresh values with

    circles generate_keys

(in a checkout: ./dev manage generate_keys), or with Python alone:

    python -c "import secrets; print(secrets.token_urlsafe(50))"     # SECRET_KEY
    python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
                                                                     # CIRCLES_DATA_KEYS

and give both to every process (web server, db_worker, sweep). Keep a copy of CIRCLES_DATA_KEYS
apart from the database backups: confidential text cannot be read without it. For development,
CIRCLES_DEVELOPMENT_KEYS=true (as ./dev serve sets) makes keys for the checkout instead."""


class MissingKeys(ImproperlyConfigured):
    """A process outside development started without its keys."""


def fresh_secret_key() -> str:
    # URL-safe characters only: the value goes into env files and shells unquoted.
    return secrets.token_urlsafe(50)


def fresh_data_key() -> str:
    return Fernet.generate_key().decode()


def fresh_keys() -> dict[str, str]:
    """A new pair, as environment variables."""
    return {"SECRET_KEY": fresh_secret_key(), "CIRCLES_DATA_KEYS": fresh_data_key()}


def use_throwaway_keys() -> None:
    """Keys for a process whose database is thrown away after it (tests, benchmarks), passed
    on to the processes it starts; keys already in the environment are kept."""
    for name, value in fresh_keys().items():
        os.environ.setdefault(name, value)


def development_keys(var_dir: Path) -> dict[str, str]:
    """The checkout's own keys, made on first use and reused by every later process."""
    path = var_dir / DEVELOPMENT_KEY_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked into place: a process starting at the
        # same moment either sees no file or a complete one, and only one set of keys wins.
        with tempfile.NamedTemporaryFile("w", dir=var_dir, delete=False) as out:
            json.dump(fresh_keys(), out, indent=2)
        try:
            os.chmod(out.name, 0o600)
            os.link(out.name, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(out.name)
    keys = json.loads(path.read_text())
    return {
        "SECRET_KEY": str(keys["SECRET_KEY"]),
        "CIRCLES_DATA_KEYS": str(keys["CIRCLES_DATA_KEYS"]),
    }


def _valid_data_keys(keys: list[str]) -> list[str]:
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError as exc:
            raise ImproperlyConfigured(
                "CIRCLES_DATA_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes), "
                "separated by commas.\n" + HOW_TO_MAKE_KEYS
            ) from exc
    return keys


def startup_keys(
    *, secret_key: str, data_keys: list[str], development: bool, var_dir: Path
) -> tuple[str, list[str]]:
    """`SECRET_KEY` and `CIRCLES_DATA_KEYS` for this process, or `MissingKeys` with what to do.
    ``development`` allows the checkout's own keys for what the environment does not give."""
    data_keys = [key.strip() for key in data_keys if key.strip()]
    if not (secret_key and data_keys):
        if not development:
            missing = [
                name
                for name, value in (("SECRET_KEY", secret_key), ("CIRCLES_DATA_KEYS", data_keys))
                if not value
            ]
            raise MissingKeys(
                f"{' and '.join(missing)} must be set: Coaching Circles does not start on a "
                "made-up key outside development.\n" + HOW_TO_MAKE_KEYS
            )
        checkout = development_keys(var_dir)
        secret_key = secret_key or checkout["SECRET_KEY"]
        data_keys = data_keys or checkout["CIRCLES_DATA_KEYS"].split(",")
    return secret_key, _valid_data_keys(data_keys)
