"""Addresses of the token pages (the API itself is under /api/, see ``urls.py``)."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("me/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "me/api-tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"
    ),
    path("organisation/api-tokens/", views.service_tokens_page, name="service_tokens"),
]
