"""Addresses of a programme's agenda templates."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("programmes/<int:programme_id>/agendas/", views.agenda_list, name="agenda_list"),
    path("programmes/<int:programme_id>/agendas/new", views.agenda_create, name="agenda_create"),
    path("programmes/<int:programme_id>/agendas/copy", views.agenda_copy, name="agenda_copy"),
    path("programmes/<int:programme_id>/agendas/choose", views.agenda_choose, name="agenda_choose"),
    path(
        "programmes/<int:programme_id>/agendas/<int:template_id>/",
        views.agenda_edit,
        name="agenda_edit",
    ),
]
