from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ScimIdentity, ScimToken


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Operators see tokens and their use; tokens are made and revoked with `circles scim_token`."""

    list_display = (
        "prefix",
        "organisation",
        "description",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("organisation",)
    readonly_fields = [field.name for field in ScimToken._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScimIdentity)
class ScimIdentityAdmin(admin.ModelAdmin):
    list_display = ("user_name", "person", "organisation", "updated_at", "deleted_at")
    list_filter = ("organisation",)
    search_fields = ("user_name",)
    readonly_fields = [field.name for field in ScimIdentity._meta.fields]
    list_select_related = ("person", "organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
