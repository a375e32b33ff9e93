from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.network_index, name="network_index"),
    path("new/", views.network_new, name="network_new"),
    path("<int:network_id>/", views.network_detail, name="network_detail"),
    path("<int:network_id>/edit/", views.network_edit, name="network_edit"),
    path("<int:network_id>/events/new/", views.network_event_new, name="network_event_new"),
    path("<int:network_id>/share/", views.network_share, name="network_share"),
    path("<int:network_id>/outcomes/", views.network_outcomes, name="network_outcomes"),
    path("<int:network_id>/outcomes.csv", views.network_export, name="network_export"),
]
