"""Addresses of the meeting runner: the live page, its live endpoint and its actions."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("meetings/<int:meeting_id>/run/", views.runner_page, name="meeting_runner"),
    path("meetings/<int:meeting_id>/run/live", views.runner_live, name="meeting_runner_live"),
    path("meetings/<int:meeting_id>/run/start", views.runner_start, name="meeting_runner_start"),
    path("meetings/<int:meeting_id>/run/move", views.runner_move, name="meeting_runner_move"),
    path("meetings/<int:meeting_id>/run/timer", views.runner_timer, name="meeting_runner_timer"),
    path("meetings/<int:meeting_id>/run/order", views.runner_order, name="meeting_runner_order"),
    path(
        "meetings/<int:meeting_id>/run/clients", views.runner_clients, name="meeting_runner_clients"
    ),
    path(
        "meetings/<int:meeting_id>/run/question",
        views.runner_question,
        name="meeting_runner_question",
    ),
    path("meetings/<int:meeting_id>/run/note", views.runner_note, name="meeting_runner_note"),
    path("meetings/<int:meeting_id>/run/case", views.runner_case, name="meeting_runner_case"),
    path(
        "meetings/<int:meeting_id>/run/commitment",
        views.runner_commitment,
        name="meeting_runner_commitment",
    ),
    path(
        "meetings/<int:meeting_id>/run/follow-up/<int:commitment_id>",
        views.runner_follow_up,
        name="meeting_runner_follow_up",
    ),
    path(
        "meetings/<int:meeting_id>/run/attendance",
        views.runner_attendance,
        name="meeting_runner_attendance",
    ),
    path("meetings/<int:meeting_id>/run/finish", views.runner_finish, name="meeting_runner_finish"),
    path("meetings/<int:meeting_id>/run/reopen", views.runner_reopen, name="meeting_runner_reopen"),
    path("meetings/<int:meeting_id>/run/agenda", views.runner_agenda, name="meeting_runner_agenda"),
]
