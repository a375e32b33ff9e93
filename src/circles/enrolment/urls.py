from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path(
        "programmes/<int:programme_id>/enrolment/",
        views.enrolment_manage,
        name="enrolment_manage",
    ),
    path(
        "programmes/<int:programme_id>/enrolment/open",
        views.enrolment_open,
        name="enrolment_open",
    ),
    path(
        "programmes/<int:programme_id>/enrolment/close",
        views.enrolment_close,
        name="enrolment_close",
    ),
    path(
        "programmes/<int:programme_id>/enrolment/link",
        views.enrolment_link_renew,
        name="enrolment_link_renew",
    ),
    path(
        "programmes/<int:programme_id>/enrolment/invite/",
        views.enrolment_invite,
        name="enrolment_invite",
    ),
    path("enrol/<int:programme_id>/", views.enrolment_page, name="enrolment_page"),
    path("enrol/<int:programme_id>/withdraw", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("enrol/<int:programme_id>/decline", views.enrolment_decline, name="enrolment_decline"),
    path("enrol/link/<str:token>/", views.enrolment_link, name="enrolment_link"),
]
