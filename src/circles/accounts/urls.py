from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from circles.orgs.invitations.views import InvitationAcceptView

from . import views
from .two_factor import views as two_factor

urlpatterns = [
    path("", views.account_settings, name="account_settings"),
    path("sessions/end/", views.sessions_end, name="sessions_end"),
    path("two-factor/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", two_factor.two_factor_recovery, name="two_factor_recovery"),
    path(
        "two-factor/recovery-codes.txt",
        two_factor.two_factor_recovery_download,
        name="two_factor_recovery_download",
    ),
    path("two-factor/off/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.ResetRequestView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.ResetSentView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/changed/", views.password_change_done, name="password_change_done"),
    path("welcome/<uidb64>/<token>/", InvitationAcceptView.as_view(), name="invitation_accept"),
]
