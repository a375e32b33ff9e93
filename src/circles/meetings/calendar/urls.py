"""Addresses of the private calendar feed and the page that manages it."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("me/calendar/", views.calendar_settings, name="calendar_settings"),
    path("me/calendar/new/", views.calendar_token_new, name="calendar_token_new"),
    path(
        "me/calendar/revoke/",
        views.calendar_token_revoke_view,
        name="calendar_token_revoke",
    ),
    path("calendar/<str:token>/circles.ics", views.calendar_feed, name="calendar_feed"),
]
