"""Every address that answers GET is named in the README's page table.

The rule, for anyone adding an address: write it in backquotes in a row of the table under
"## What is in it", with each path parameter in angle brackets under any name
(`/circles/<id>/rhythm/`). One entry ending in "…" covers every address below it
(`/accounts/welcome/…`, `/scim/v2/…`): use it for families such as an API, not for pages a
person opens. Which addresses answer GET is asked of the views themselves: an OPTIONS request
gets Django's method decorators (and class-based views) to list the methods they allow.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

ROOT = Path(__file__).resolve().parents[3]
PARAM = re.compile(r"<[^<>]*>")
SAMPLE = {"int": "1", "uuid": str(uuid.UUID(int=1))}


def route_text(pattern: RoutePattern | RegexPattern | LocalePrefixPattern) -> str:
    """A path() route as written; a re_path() regex with its named groups as <name>."""
    if isinstance(pattern, RegexPattern):
        text = str(pattern.regex.pattern).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)
    return str(pattern)


def routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                found += routes(entry, prefix + route_text(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route_text(entry.pattern))
    return found


def sample_path(route: str) -> str:
    def value(match: re.Match[str]) -> str:
        converter = match.group(0)[1:-1].split(":")[0] if ":" in match.group(0) else "str"
        return SAMPLE.get(converter, "x")

    return PARAM.sub(value, route)


def answers_get(client, route: str) -> bool:
    response = client.options(sample_path(route))
    allowed = response.headers.get("Allow")
    return allowed is None or "GET" in allowed


def page_table_entries() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## What is in it", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [PARAM.sub("<>", item) for row in rows for item in re.findall(r"`([^`]+)`", row)]


def covered(route: str, entries: list[str]) -> bool:
    address = PARAM.sub("<>", route)
    return any(
        address == entry or (entry.endswith("…") and address.startswith(entry[:-1]))
        for entry in entries
    )


@pytest.mark.django_db
def test_every_address_that_answers_get_is_in_the_readme_page_table(client):
    entries = page_table_entries()
    assert len(entries) > 10, "the page table was not found: the parser is out of date"
    missing = [
        route
        for route in routes(get_resolver())
        if answers_get(client, route) and not covered(route, entries)
    ]
    assert not missing, f"addresses missing from README's page table: {missing}"


def test_the_rule_tells_pages_from_actions_and_prefixes_from_pages():
    entries = ["/circles/<>/", "/accounts/welcome/…"]
    assert covered("/circles/<int:circle_id>/", entries)
    assert not covered("/circles/<int:circle_id>/rhythm/", entries)
    assert covered("/accounts/welcome/<uidb64>/<token>/", entries)
    assert sample_path("/plan/export.<str:fmt>") == "/plan/export.x"
    assert sample_path("/circles/<int:circle_id>/rhythm/") == "/circles/1/rhythm/"
    assert route_text(RegexPattern(r"^(?P<path>.+)$")) == "<path>"
