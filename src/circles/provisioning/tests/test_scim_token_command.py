"""`circles scim_token`: a token printed once, listed by prefix, revoked by prefix."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from circles.provisioning.models import ScimToken
from circles.provisioning.tokens import TOKEN_MARK, scim_token_authenticate
from circles.testing import make_org

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("scim_token", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_working_token_once_and_stores_only_its_digest():
    organisation = make_org()
    output = run("--organisation", organisation.slug, "--description", "Entra ID")
    secret = next(line for line in output.splitlines() if line.startswith(TOKEN_MARK))
    token = ScimToken.objects.get()
    assert token.organisation == organisation
    assert token.description == "Entra ID"
    assert secret.startswith(token.prefix)
    assert secret not in (token.digest, token.prefix)
    assert scim_token_authenticate(secret=secret) == token
    assert secret not in run("--organisation", organisation.slug, "--list")


def test_it_lists_prefixes_and_last_use():
    organisation = make_org()
    secret = run("--organisation", organisation.slug).splitlines()[-1]
    token = ScimToken.objects.get()
    listing = run("--organisation", organisation.slug, "--list")
    assert token.prefix in listing
    assert "never" in listing
    scim_token_authenticate(secret=secret)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "never" not in run("--organisation", organisation.slug, "--list").split("Created")[1]


def test_it_says_when_there_are_no_tokens():
    organisation = make_org()
    assert "no SCIM tokens" in run("--organisation", organisation.slug, "--list")


def test_a_revoked_token_stops_working():
    organisation = make_org()
    secret = run("--organisation", organisation.slug).splitlines()[-1]
    token = ScimToken.objects.get()
    assert "Revoked" in run("--organisation", organisation.slug, "--revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert scim_token_authenticate(secret=secret) is None
    assert "revoked" in run("--organisation", organisation.slug, "--list")


def test_it_cannot_revoke_another_organisations_token():
    mine, theirs = make_org(), make_org()
    run("--organisation", theirs.slug)
    token = ScimToken.objects.get()
    with pytest.raises(CommandError, match="no SCIM token"):
        run("--organisation", mine.slug, "--revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unknown_organisation_is_a_clear_error():
    with pytest.raises(CommandError, match="No organisation"):
        run("--organisation", "nowhere")
    assert not ScimToken.objects.exists()
