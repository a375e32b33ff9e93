"""Operators manage structure in the admin site, never what members shared."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from circles.accounts.models import User
from circles.lib.confidential import ConfidentialTextField

pytestmark = pytest.mark.django_db


def confidential_fields(model: Any) -> set[str]:
    return {f.name for f in model._meta.get_fields() if isinstance(f, ConfidentialTextField)}


def test_no_admin_form_or_inline_shows_confidential_text():
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True)
    leaks = []
    for model, model_admin in admin.site._registry.items():
        shown = set(model_admin.get_fields(request)) | set(model_admin.get_list_display(request))
        leaks += [f"{model.__name__}.{n}" for n in shown & confidential_fields(model)]
        for inline in model_admin.get_inline_instances(request):
            fields = set(inline.get_fields(request))
            leaks += [
                f"{inline.model.__name__}.{n}" for n in fields & confidential_fields(inline.model)
            ]
    assert not leaks, f"confidential fields in the admin: {leaks}"


def test_operators_open_every_admin_page_of_a_populated_site(world, client):
    from django.urls import reverse

    operator = User.objects.create_superuser(email="ops@example.com", password="a-long-password")
    client.force_login(operator)
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        listing = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(listing).status_code == 200, listing
        first = model._default_manager.first()
        if first is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            response = client.get(change)
            assert response.status_code == 200, change
            from circles.testing import SECRET_CASE, SECRET_NOTE

            assert SECRET_CASE not in response.content.decode()
            assert SECRET_NOTE not in response.content.decode()
