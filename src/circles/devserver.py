"""`python -m circles.devserver wait URL`: block until the development server answers.

`./dev serve` prints the demo logins only once the server is up, so they come last.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def wait(url: str, *, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "wait":
        print("usage: python -m circles.devserver wait URL", file=sys.stderr)
        return 2
    try:
        if wait(argv[1]):
            return 0
    except KeyboardInterrupt:  # Ctrl-C while starting: ./dev serve stops everything quietly
        return 130
    print(f"The server did not answer at {argv[1]} within a minute.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
