from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.people_directory, name="people_directory"),
    path("new/", views.person_add, name="person_add"),
    path("invite/", views.people_invite, name="people_invite"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_id>/leave/", views.person_deactivate, name="person_deactivate"),
    path("<int:person_id>/return/", views.person_reactivate, name="person_reactivate"),
    path("<int:person_id>/role/", views.person_role, name="person_role"),
    path("<int:person_id>/programmes/", views.person_lead, name="person_lead"),
    path("<int:person_id>/unlock/", views.person_sign_in_unlock, name="person_sign_in_unlock"),
    path(
        "<int:person_id>/two-factor/reset/",
        views.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
]
