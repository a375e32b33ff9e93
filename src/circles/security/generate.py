"""`circles generate_keys`: fresh keys to paste into the environment.

It runs before Django's settings are read, so it works on a machine that has no keys yet.
Values go to stdout as `NAME=value` lines (ready for an env file); advice goes to stderr.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from circles.lib.confidential import key_id
from circles.security.startup_keys import fresh_data_key, fresh_keys


def legacy_data_key(secret_key: str) -> str:
    """The data key earlier versions derived from SECRET_KEY when CIRCLES_DATA_KEYS was unset."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"circles-confidential")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())).decode()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="circles generate_keys",
        description="Print fresh SECRET_KEY and CIRCLES_DATA_KEYS values.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--data-key",
        action="store_true",
        help="print one new data key only, to put first in CIRCLES_DATA_KEYS when rotating",
    )
    which.add_argument(
        "--legacy-key-from-secret-key",
        action="store_true",
        help="print the data key that versions without CIRCLES_DATA_KEYS derived from the "
        "SECRET_KEY in the environment, to list after a new key until `circles rotate_keys` "
        "has moved every value",
    )
    options = parser.parse_args(argv)
    if options.legacy_key_from_secret_key:
        secret = os.environ.get("SECRET_KEY", "")
        if not secret:
            print("Set SECRET_KEY to the installation's secret key first.", file=sys.stderr)
            return 2
        key = legacy_data_key(secret)
        print(key)
        print(f"Data key {key_id(key)}, derived from SECRET_KEY.", file=sys.stderr)
        return 0
    if options.data_key:
        key = fresh_data_key()
        print(key)
        print(
            f"New data key {key_id(key)}: put it first in CIRCLES_DATA_KEYS, keep the old keys "
            "after it, restart every process, then run `circles rotate_keys`.",
            file=sys.stderr,
        )
        return 0
    keys = fresh_keys()
    for name, value in keys.items():
        print(f"{name}={value}")
    print(
        f"Data key {key_id(keys['CIRCLES_DATA_KEYS'])}. Give both values to every process (web "
        "server, db_worker, sweep), and keep a copy of CIRCLES_DATA_KEYS apart from the database "
        "backups: without it confidential text cannot be read.",
        file=sys.stderr,
    )
    return 0
