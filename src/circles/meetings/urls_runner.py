"""Addresses of the meeting runner, agenda templates, charter and case preparation."""

from __future__ import annotations

from django.urls import path

from circles.groups import charter_views as cv

from . import agenda_views as av
from . import case_prep_views as cp
from . import runner_views as rv

runner_urlpatterns = [
    path("meetings/<int:meeting_id>/run/", rv.runner_page, name="meeting_runner"),
    path("meetings/<int:meeting_id>/run/live", rv.runner_live, name="meeting_runner_live"),
    path("meetings/<int:meeting_id>/run/start", rv.runner_start, name="meeting_runner_start"),
    path("meetings/<int:meeting_id>/run/move", rv.runner_move, name="meeting_runner_move"),
    path("meetings/<int:meeting_id>/run/timer", rv.runner_timer, name="meeting_runner_timer"),
    path("meetings/<int:meeting_id>/run/order", rv.runner_order, name="meeting_runner_order"),
    path("meetings/<int:meeting_id>/run/clients", rv.runner_clients, name="meeting_runner_clients"),
    path(
        "meetings/<int:meeting_id>/run/question",
        rv.runner_question,
        name="meeting_runner_question",
    ),
    path("meetings/<int:meeting_id>/run/note", rv.runner_note, name="meeting_runner_note"),
    path("meetings/<int:meeting_id>/run/case", rv.runner_case, name="meeting_runner_case"),
    path(
        "meetings/<int:meeting_id>/run/commitment",
        rv.runner_commitment,
        name="meeting_runner_commitment",
    ),
    path(
        "meetings/<int:meeting_id>/run/follow-up/<int:commitment_id>",
        rv.runner_follow_up,
        name="meeting_runner_follow_up",
    ),
    path(
        "meetings/<int:meeting_id>/run/attendance",
        rv.runner_attendance,
        name="meeting_runner_attendance",
    ),
    path("meetings/<int:meeting_id>/run/finish", rv.runner_finish, name="meeting_runner_finish"),
    path("meetings/<int:meeting_id>/run/agenda", rv.runner_agenda, name="meeting_runner_agenda"),
    path("programmes/<int:programme_id>/agendas/", av.agenda_list, name="agenda_list"),
    path("programmes/<int:programme_id>/agendas/new", av.agenda_create, name="agenda_create"),
    path("programmes/<int:programme_id>/agendas/copy", av.agenda_copy, name="agenda_copy"),
    path("programmes/<int:programme_id>/agendas/choose", av.agenda_choose, name="agenda_choose"),
    path(
        "programmes/<int:programme_id>/agendas/<int:template_id>/",
        av.agenda_edit,
        name="agenda_edit",
    ),
    path("circles/<int:circle_id>/charter/", cv.charter_page, name="circle_charter"),
    path("circles/<int:circle_id>/charter/accept", cv.charter_accept, name="circle_charter_accept"),
    path("circles/<int:circle_id>/charter/edit", cv.charter_edit, name="circle_charter_edit"),
    path(
        "circles/<int:circle_id>/charter/expectations",
        cv.charter_expectations,
        name="circle_charter_expectations",
    ),
    path("meetings/<int:meeting_id>/prepare/", cp.case_prepare, name="case_prepare"),
    path("meetings/<int:meeting_id>/case-giver", cp.case_giver_set, name="case_giver_set"),
]
