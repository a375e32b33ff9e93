"""Addresses of a circle's charter."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("circles/<int:circle_id>/charter/", views.charter_page, name="circle_charter"),
    path(
        "circles/<int:circle_id>/charter/accept", views.charter_accept, name="circle_charter_accept"
    ),
    path("circles/<int:circle_id>/charter/edit", views.charter_edit, name="circle_charter_edit"),
    path(
        "circles/<int:circle_id>/charter/expectations",
        views.charter_expectations,
        name="circle_charter_expectations",
    ),
]
