"""Addresses of commitments: mine, a circle's, check-ins and linked goals."""

from __future__ import annotations

from django.urls import path

from . import views

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
]
