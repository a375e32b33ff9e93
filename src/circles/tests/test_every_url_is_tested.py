"""Every named page and endpoint is exercised by some test (permission tests included)."""

from __future__ import annotations

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

SRC = Path(__file__).resolve().parents[1]
# Reached by path in the tests rather than by name.
BY_PATH = {"healthz": "/healthz", "logout": "/accounts/logout/"}


def url_names(resolver: URLResolver) -> list[str]:
    names: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                names += url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(entry.name)
    return names


def test_every_url_name_appears_in_a_test():
    tests = "".join(path.read_text() for path in SRC.rglob("test_*.py"))
    untested = [
        name
        for name in url_names(get_resolver())
        if f'"{name}"' not in tests and BY_PATH.get(name, f"\0{name}") not in tests
    ]
    assert not untested, f"pages without tests: {untested}"
