from __future__ import annotations

from django.urls import path

from . import plan_views, views

urlpatterns = [
    path("commitments/", views.my_commitments, name="my_commitments"),
    path(
        "commitments/<int:commitment_id>/check-in/",
        views.check_in_create,
        name="check_in_create",
    ),
    path(
        "commitments/<int:commitment_id>/goal/",
        views.commitment_goal_update,
        name="commitment_goal_update",
    ),
    path(
        "circles/<int:circle_id>/commitments/",
        views.circle_commitments,
        name="circle_commitments",
    ),
    path("plan/", plan_views.plan_detail, name="plan_detail"),
    path("plan/summary/", plan_views.plan_update, name="plan_update"),
    path("plan/goals/", plan_views.goal_create, name="goal_create"),
    path("plan/goals/<int:goal_id>/", plan_views.goal_edit, name="goal_edit"),
    path(
        "plan/transfer-checks/<int:check_id>/",
        plan_views.transfer_check_answer,
        name="transfer_check_answer",
    ),
    path("plan/share/", plan_views.career_share, name="career_share"),
    path(
        "plan/export.<str:fmt>",
        plan_views.career_export,
        name="career_export",
    ),
    path("shared-with-me/", plan_views.shared_with_me, name="shared_with_me"),
]
