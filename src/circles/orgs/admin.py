from __future__ import annotations

from django.contrib import admin

from .models import Organisation, Person, Programme


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "min_group_size_for_aggregates", "created_at")
    search_fields = ("name", "slug")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "organisation", "role", "department", "level", "location")
    list_filter = ("organisation", "role", "is_active")
    search_fields = ("full_name", "email", "department")
    list_select_related = ("organisation",)
    raw_id_fields = ("manager", "user")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind", "cadence", "starts_on")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)
    filter_horizontal = ("leads",)
    list_select_related = ("organisation",)
