"""Addresses for rhythms, moving and cancelling meetings, role swaps and calendar feeds."""

from __future__ import annotations

from django.urls import path

from . import views_calendar, views_schedule

schedule_urlpatterns = [
    path("circles/<int:circle_id>/rhythm/", views_schedule.circle_rhythm, name="circle_rhythm"),
    path("meetings/<int:meeting_id>/move/", views_schedule.meeting_move, name="meeting_move"),
    path("meetings/<int:meeting_id>/cancel/", views_schedule.meeting_cancel, name="meeting_cancel"),
    path(
        "meetings/<int:meeting_id>/decline/",
        views_schedule.meeting_decline,
        name="meeting_decline",
    ),
    path("meetings/<int:meeting_id>/roles/swap/", views_schedule.role_swap, name="role_swap"),
    path("me/calendar/", views_calendar.calendar_settings, name="calendar_settings"),
    path("me/calendar/new/", views_calendar.calendar_token_new, name="calendar_token_new"),
    path(
        "me/calendar/revoke/",
        views_calendar.calendar_token_revoke_view,
        name="calendar_token_revoke",
    ),
    path("calendar/<str:token>/circles.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
