"""Operators see enrolment settings and answers, never anyone's private keep-apart choices."""

from __future__ import annotations

from django.contrib import admin

from .models import Enrolment, EnrolmentSettings


@admin.register(EnrolmentSettings)
class EnrolmentSettingsAdmin(admin.ModelAdmin):
    list_display = ("programme", "organisation", "status", "audience", "capacity")
    list_filter = ("status", "audience")
    list_select_related = ("programme", "organisation")
    raw_id_fields = ("programme", "organisation", "updated_by")
    readonly_fields = ("link_token", "opened_at", "closed_at")


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("person", "programme", "status", "queued_at")
    list_filter = ("status",)
    list_select_related = ("person", "programme")
    search_fields = ("person__full_name", "programme__name")
    # Explicit: "avoid" is private to its owner and never listed here.
    fields = (
        "organisation",
        "programme",
        "person",
        "status",
        "invited_at",
        "invited_by",
        "answered_at",
        "queued_at",
        "promoted_at",
        "withdrawn_at",
        "development_interests",
        "languages",
        "meeting_times",
    )
    raw_id_fields = ("organisation", "programme", "person", "invited_by")
