"""Admin for meeting logistics. Confidential content (cases, questions, notes) is deliberately
not registered: operators manage structure, never what members shared."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from circles.meetings.models import AgendaStep, AgendaTemplate, Attendance, Meeting


class AgendaStepInline(admin.TabularInline):
    model = AgendaStep
    extra = 0


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    inlines = [AgendaStepInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    exclude = ("cancel_reason",)
    list_display = ("circle", "starts_at", "time_zone", "status")
    list_filter = ("organisation", "status")
    date_hierarchy = "starts_at"
    raw_id_fields = ("circle", "facilitator", "host", "note_taker", "case_giver")
    inlines = [AttendanceInline]
    list_select_related = ("circle",)
