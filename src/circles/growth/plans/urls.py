"""Addresses of the development plan, its goals, learning transfer and sharing."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("plan/", views.plan_detail, name="plan_detail"),
    path("plan/summary/", views.plan_update, name="plan_update"),
    path("plan/goals/", views.goal_create, name="goal_create"),
    path("plan/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path(
        "plan/transfer-checks/<int:check_id>/",
        views.transfer_check_answer,
        name="transfer_check_answer",
    ),
    path("plan/share/", views.career_share, name="career_share"),
    path(
        "plan/export.<str:fmt>",
        views.career_export,
        name="career_export",
    ),
    path("shared-with-me/", views.shared_with_me, name="shared_with_me"),
]
