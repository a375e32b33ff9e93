"""Addresses for rhythms, moving and cancelling meetings, and role swaps."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("circles/<int:circle_id>/rhythm/", views.circle_rhythm, name="circle_rhythm"),
    path("meetings/<int:meeting_id>/move/", views.meeting_move, name="meeting_move"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/restore/", views.meeting_restore, name="meeting_restore"),
    path(
        "meetings/<int:meeting_id>/decline/",
        views.meeting_decline,
        name="meeting_decline",
    ),
    path("meetings/<int:meeting_id>/roles/swap/", views.role_swap, name="role_swap"),
]
