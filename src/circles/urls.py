from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from circles import views
from circles.groups import views as group_views
from circles.meetings import views as meeting_views
from circles.meetings.urls_runner import runner_urlpatterns
from circles.meetings.urls_schedule import schedule_urlpatterns
from circles.orgs import views as org_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("circles/<int:circle_id>/", group_views.circle_detail, name="circle_detail"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/case/", meeting_views.case_create, name="case_create"),
    path("meetings/<int:meeting_id>/notes/", meeting_views.note_create, name="note_create"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        meeting_views.attendance_update,
        name="attendance_update",
    ),
    path(
        "meetings/<int:meeting_id>/commitments/",
        meeting_views.commitment_create,
        name="commitment_create",
    ),
    path(
        "meetings/<int:meeting_id>/commitments/<int:commitment_id>/follow-up/",
        meeting_views.follow_up_create,
        name="follow_up_create",
    ),
    path("programmes/", org_views.programme_index, name="programme_index"),
    path("programmes/new/", org_views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", org_views.programme_detail, name="programme_detail"),
    path(
        "programmes/<int:programme_id>/circles/new/",
        org_views.circle_create,
        name="circle_create",
    ),
    path("admin/", admin.site.urls),
    # Development plans, commitments and check-ins; reminder settings and unsubscribe links.
    path("", include("circles.growth.urls")),
    path("notify/", include("circles.notify.urls")),
    path("programmes/", include("circles.formation.urls")),
    path("feedback/", include("circles.feedback.urls")),
    path("insights/", include("circles.insights.urls")),
    *runner_urlpatterns,
    *schedule_urlpatterns,
]
