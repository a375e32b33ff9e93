from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from circles import views
from circles.accounts import oidc
from circles.groups import views as group_views
from circles.ops import health
from circles.orgs import views as org_views

# A lost database connection outside a view answers 503 too (circles/ops/outage.py).
handler500 = "circles.ops.outage.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("circles.accounts.urls")),
    path("language/", include("circles.languages.urls")),
    # Single sign-on: the identity provider is told to send people back to /oidc/callback/.
    path("oidc/authenticate/", oidc.SignOnStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.SignOnCallbackView.as_view(), name="oidc_authentication_callback"),
    path("circles/<int:circle_id>/", group_views.circle_detail, name="circle_detail"),
    path("organisation/sign-in/", org_views.organisation_sign_in, name="organisation_sign_in"),
    path("organisation/audit/", include("circles.audit.urls")),
    path("organisation/webhooks/", include("circles.webhooks.urls")),
    path("organisation/chat/", include("circles.notify.chat.urls")),
    path("programmes/", org_views.programme_index, name="programme_index"),
    path("programmes/new/", org_views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", org_views.programme_detail, name="programme_detail"),
    path(
        "programmes/<int:programme_id>/circles/new/",
        org_views.circle_create,
        name="circle_create",
    ),
    path(
        "programmes/<int:programme_id>/circles/<int:circle_id>/members/",
        org_views.circle_members,
        name="circle_members",
    ),
    path(
        "programmes/<int:programme_id>/circles/<int:circle_id>/members/<int:membership_id>/remove/",
        org_views.circle_member_remove,
        name="circle_member_remove",
    ),
    path(
        "programmes/<int:programme_id>/invite/",
        org_views.programme_invite,
        name="programme_invite",
    ),
    path("people/import/", include("circles.orgs.importing.urls")),
    path("people/", include("circles.orgs.people.urls")),
    # Privacy rights: downloading one's own data; an admin erasing a person.
    path("", include("circles.privacy.urls")),
    path("admin/", admin.site.urls),
    # Commitments and check-ins; development plans; reminder settings and unsubscribe links.
    path("", include("circles.growth.commitments.urls")),
    path("", include("circles.growth.plans.urls")),
    path("notify/", include("circles.notify.urls")),
    path("", include("circles.enrolment.urls")),
    path("programmes/", include("circles.formation.urls")),
    path("feedback/", include("circles.feedback.urls")),
    path("insights/", include("circles.insights.urls")),
    # The REST API: /api/openapi.json, /api/docs, every operation under /api/v1/.
    path("api/", include("circles.api.urls", namespace="api")),
    path("", include("circles.api.page_urls")),
    # The organisation's library: items, search, templates to adopt, success stories.
    path("library/", include("circles.library.urls")),
    # Communities of practice: circles across programmes, their items, events and outcomes.
    path("networks/", include("circles.networks.urls")),
    # The facilitator training path, and readiness for leads.
    path("", include("circles.training.urls")),
    # Onboarding circles for new hires, and volunteering to host them.
    path("", include("circles.onboarding.urls")),
    # SCIM 2.0 provisioning for identity providers (bearer tokens, no session, no CSRF).
    path("scim/v2/", include("circles.provisioning.urls")),
    # Meetings: the meeting page and what it records, the runner, agendas, when circles meet,
    # calendar feeds; and a circle's charter.
    path("", include("circles.meetings.record.urls")),
    path("", include("circles.meetings.runner.urls")),
    path("", include("circles.meetings.agenda.urls")),
    path("", include("circles.meetings.schedule.urls")),
    path("", include("circles.meetings.calendar.urls")),
    path("", include("circles.groups.charter.urls")),
    path("", include("circles.groups.video.urls")),
]

if settings.CIRCLES_BENCH_CONSTANT_VIEW:
    from circles.ops.scale.views import constant

    # The web benchmark's ceiling (circles/ops/scale/web_bench.py); off in any installation.
    urlpatterns.append(path("bench/constant", constant, name="bench_constant"))
