"""Addresses of the meeting page, what it records, and case preparation."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/case/", views.case_create, name="case_create"),
    path("meetings/<int:meeting_id>/notes/", views.note_create, name="note_create"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        views.attendance_update,
        name="attendance_update",
    ),
    path(
        "meetings/<int:meeting_id>/commitments/",
        views.commitment_create,
        name="commitment_create",
    ),
    path(
        "meetings/<int:meeting_id>/commitments/<int:commitment_id>/follow-up/",
        views.follow_up_create,
        name="follow_up_create",
    ),
    path("meetings/<int:meeting_id>/prepare/", views.case_prepare, name="case_prepare"),
    path("meetings/<int:meeting_id>/case-giver", views.case_giver_set, name="case_giver_set"),
    path("notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
    path("questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("commitments/<int:commitment_id>/edit/", views.commitment_edit, name="commitment_edit"),
    path(
        "commitments/<int:commitment_id>/delete/",
        views.commitment_delete,
        name="commitment_delete",
    ),
]
