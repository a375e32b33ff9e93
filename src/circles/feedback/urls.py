from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("meetings/<int:meeting_id>/", views.meeting_feedback, name="meeting_feedback"),
    path(
        "meetings/<int:meeting_id>/not-now/",
        views.meeting_feedback_dismiss,
        name="meeting_feedback_dismiss",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/",
        views.questionnaire_answer,
        name="questionnaire_answer",
    ),
    path(
        "programmes/<int:programme_id>/questionnaire/",
        views.questionnaire_manage,
        name="questionnaire_manage",
    ),
    path(
        "programmes/<int:programme_id>/questionnaire/toggle/",
        views.questionnaire_toggle,
        name="questionnaire_toggle",
    ),
]
