"""Every address of the authorisation world carries the security headers, holds no inline
script or style (the policy would block it), and is never stored by a cache."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from circles.tests.authorization_world import sign_in
from circles.tests.test_authorization_matrix import ROWS
from circles.tests.test_authorization_matrix import probe as probe  # the matrix's world

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The personas between them open every page of the world.
PERSONAS = ("member", "facilitator", "lead", "admin", "other_admin", "operator", "anonymous")


class InlineFinder(HTMLParser):
    """Collects what a strict policy blocks: inline scripts, style elements and attributes,
    event handler attributes and javascript: addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def parse_policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def test_the_finder_sees_what_the_policy_blocks():
    html = (
        '<script src="/static/a.js"></script><script>alert(1)</script><style>p{}</style>'
        '<p style="color:red" onclick="x()">&lt;b style="x"&gt;</p><a href="javascript:x()">a</a>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style>",
        "<p style=…>",
        "<p onclick=…>",
        "<a href=javascript:…>",
    ]


def test_every_page_carries_the_policies_no_inline_code_and_is_never_stored(probe, client):
    problems: list[str] = []
    pages = 0
    for persona in PERSONAS:
        sign_in(client, probe, persona)
        for name, (_policy, args) in ROWS.items():
            response = client.get(reverse(name, kwargs=args(probe)))
            where = f"{persona} GET {name} ({response.status_code})"
            if parse_policy(response.get("Content-Security-Policy", "")) != POLICY:
                problems.append(
                    f"{where}: Content-Security-Policy {response.get('Content-Security-Policy')!r}"
                )
            if "camera=()" not in response.get("Permissions-Policy", ""):
                problems.append(f"{where}: no Permissions-Policy")
            if "no-store" not in response.get("Cache-Control", ""):
                problems.append(f"{where}: Cache-Control {response.get('Cache-Control')!r}")
            if response.get("Content-Type", "").startswith("text/html"):
                pages += 1
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                problems += [f"{where}: {found}" for found in inline_code(body.decode())]
    assert not problems, "\n".join(problems)
    assert pages > 100


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" not in response


def test_a_page_without_its_own_caching_rule_gets_private_no_store(world, login):
    response = login(world.member).get(reverse("my_commitments"))
    assert response["Cache-Control"] == "private, no-store"
