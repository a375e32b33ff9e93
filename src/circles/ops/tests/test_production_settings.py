"""Production settings: Django's deploy check has nothing to say about the documented
environment, and HTTPS is enforced (directly or behind a TLS-terminating proxy)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

README = Path(__file__).resolve().parents[4] / "README.md"
# The production environment README's "Running in production" lists; the secrets are made up.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Xq9-production-secret-that-is-long-and-random-0d8f7a6e5c4b3a2918",
    "CIRCLES_DATA_KEYS": "pDR0y3QMJc3sN1Zq2pJ1w9o5R5iO6Bq0nW0b9KkXhE4=",
    "ALLOWED_HOSTS": "circles.example.com",
    "SITE_URL": "https://circles.example.com",
    "DATABASE_URL": "postgres://circles@db.internal:5432/circles",
    "EMAIL_URL": "smtp+tls://circles:secret@smtp.example.com:587",
}


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    clean = {k: v for k, v in clean.items() if k not in {"DATABASE_URL", "SESSION_COOKIE_SECURE"}}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, **env, "CIRCLES_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_check_has_no_warning_for_the_documented_environment(tmp_path):
    result = _run(["-m", "circles.cli", "check", "--deploy"], PRODUCTION_ENV, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "ERRORS" not in output, output
    assert "System check identified no issues" in output, output


def test_readme_documents_that_environment():
    section = README.read_text().split("## Running in production", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in PRODUCTION_ENV if not re.search(rf"\b{name}=", section)]
    assert not missing, f"not in README's production environment: {missing}"


def test_a_proxy_header_is_read_as_django_expects_it(tmp_path):
    script = "import circles.settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS)"
    env = {**PRODUCTION_ENV, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    result = _run(["-c", script], env, tmp_path)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') 31536000", result.stderr


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_unless_the_proxy_says_it_was_https():
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        plain = Client().get("/healthz")
        assert plain.status_code == 301
        assert plain["Location"] == "https://testserver/healthz"
        proxied = Client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
        assert proxied.status_code == 200
        assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "includeSubDomains" in proxied["Strict-Transport-Security"]


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("dbcache://circles_cache", "django.core.cache.backends.db.DatabaseCache"),
        ("rediscache://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_the_cache_comes_from_cache_url(tmp_path, url, backend):
    script = "import circles.settings as s; print(s.CACHES['default']['BACKEND'])"
    env = {**PRODUCTION_ENV, **({"CACHE_URL": url} if url else {})}
    result = _run(["-c", script], env, tmp_path)
    assert result.stdout.strip() == backend, result.stderr
