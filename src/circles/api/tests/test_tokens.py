"""API tokens: made on a page and shown once, kept hashed, scoped, expiring, revocable,
their use recorded, their making and revoking in the audit log, rate limited per token."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from circles.api.models import ApiToken, Scope
from circles.api.tests.conftest import token_for
from circles.api.tokens import api_token_authenticate, api_token_create, api_token_revoke
from circles.audit.models import Action, AuditEvent
from circles.lib.errors import DomainError
from circles.lib.secrets import secret_digest

pytestmark = pytest.mark.django_db


def test_the_settings_page_shows_a_new_token_once_and_keeps_only_its_digest(world, login):
    client = login(world.member)
    response = client.post(
        "/me/api-tokens/", {"name": "My script", "scope": "read", "expires": "30"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = re.search(r'value="(ccapi_[^"]+)"', response.content.decode())
    assert found is not None
    secret = found.group(1)
    token = ApiToken.objects.get(person=world.member)
    assert token.digest == secret_digest(secret)
    assert secret not in repr(list(ApiToken.objects.values()))
    again = client.get("/me/api-tokens/").content.decode()
    assert secret not in again
    assert token.prefix in again


def test_a_member_cannot_make_an_admin_token_nor_a_token_without_expiry(world):
    with pytest.raises(DomainError):
        api_token_create(created_by=world.member, name="x", scope=Scope.ADMIN, expires_in_days=30)
    with pytest.raises(DomainError):
        api_token_create(created_by=world.member, name="x", scope=Scope.READ, expires_in_days=None)
    with pytest.raises(DomainError):
        api_token_create(
            created_by=world.lead, name="x", scope=Scope.READ, expires_in_days=None, service=True
        )
    assert not ApiToken.objects.exists()


def test_expired_revoked_and_leavers_tokens_stop_working(world, api):
    secret = token_for(world.member)
    assert api("get", "/api/v1/me", secret).status_code == 200
    token = ApiToken.objects.get(person=world.member)
    assert token.last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api("get", "/api/v1/me", secret).status_code == 401
    second = token_for(world.member)
    api_token_revoke(token=ApiToken.objects.get(prefix=second[:14]), by=world.admin)
    assert api("get", "/api/v1/me", second).status_code == 401
    third = token_for(world.facilitator)
    world.facilitator.is_active = False
    world.facilitator.save()
    assert api_token_authenticate(secret=third) is None


def test_making_and_revoking_are_in_the_audit_log(world, login):
    token, _secret = api_token_create(
        created_by=world.admin, name="HR", scope=Scope.ADMIN, expires_in_days=None, service=True
    )
    client = login(world.admin)
    assert client.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 302
    actions = list(
        AuditEvent.objects.filter(object_type="api_token").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted([Action.API_TOKEN_CREATED, Action.API_TOKEN_REVOKED])


def test_a_service_token_sees_the_directory_but_no_circle_content(world, api):
    _token, secret = api_token_create(
        created_by=world.admin, name="HR", scope=Scope.ADMIN, expires_in_days=None, service=True
    )
    assert api("get", "/api/v1/people", secret).json()["count"] > 5
    assert api("get", "/api/v1/commitments", secret).json()["count"] == 0
    assert api("get", "/api/v1/me/plan", secret).status_code == 403


def test_another_persons_token_cannot_be_revoked_by_a_member(world):
    _token, secret = api_token_create(
        created_by=world.facilitator, name="x", scope=Scope.READ, expires_in_days=30
    )
    with pytest.raises(DomainError):
        api_token_revoke(token=ApiToken.objects.get(prefix=secret[:14]), by=world.member)


def test_each_token_is_rate_limited_on_its_own(world, api, settings):
    # Requests are counted in the cache, which the test settings switch off.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    settings.CIRCLES_API_RATE = "3/m"
    one, two = token_for(world.member), token_for(world.facilitator)
    statuses = [api("get", "/api/v1/me", one).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api("get", "/api/v1/me", one)
    assert refused.json()["message"].startswith("Too many requests")
    assert int(refused["Retry-After"]) >= 1
    assert api("get", "/api/v1/me", two).status_code == 200
