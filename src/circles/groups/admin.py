from __future__ import annotations

from django.contrib import admin
from django.db import models

from .models import Circle, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("person",)
    # Expectations are confidential to the circle: operators never see them.
    exclude = ("expectations",)


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "programme", "organisation", "status", "cadence", "time_zone")
    list_filter = ("organisation", "status")
    search_fields = ("name",)
    inlines = [MembershipInline]
    list_select_related = ("programme", "organisation")
