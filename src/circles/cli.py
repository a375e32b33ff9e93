"""The `circles` command: Django's management commands plus the project's own."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["generate_keys"]:
        # Before settings: they refuse to load without the keys this command makes.
        from circles.security.generate import main as generate_keys

        sys.exit(generate_keys(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    from django.core.management import execute_from_command_line

    from circles.security.startup_keys import MissingKeys

    try:
        execute_from_command_line(sys.argv)
    except MissingKeys as exc:
        # What to do, without a traceback in front of it.
        sys.exit(f"{exc}")


if __name__ == "__main__":
    main()
