"""Signing in and out, and setting a forgotten password: Django's views, the product's pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from circles.languages.views import settings_forms as language_settings_forms

from . import services
from .forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm, SignInForm
from .models import User
from .oidc import single_sign_on_enabled
from .sessions import session_stamp
from .tokens import ExpiringTokenGenerator, reset_tokens
from .two_factor import services as two_factor
from .two_factor.forms import CodeForm
from .two_factor.middleware import signed_on

BACKEND = "circles.accounts.backends.EmailBackend"

__all__ = ["single_sign_on_enabled"]


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sso": single_sign_on_enabled()}


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    token_generator = reset_tokens
    template_name = "registration/reset_request.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sso": single_sign_on_enabled()}

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:  # type: ignore[override]
        # Links point at the configured site, never at whatever Host the request carried.
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "hours": settings.CIRCLES_PASSWORD_RESET_HOURS,
        }
        return super().form_valid(form)


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/reset_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Choose a new password from a link; signs the person in straight away."""

    token_generator: ExpiringTokenGenerator = reset_tokens
    form_class = NewPasswordForm
    template_name = "registration/set_password.html"
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("home")
    heading = gettext_lazy("Choose a new password")
    button = gettext_lazy("Save password and sign in")

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        # A link sent before someone left the organisation opens nothing.
        if user is None or not user.is_active:
            return None
        return user

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "heading": self.heading,
            "button": self.button,
        }


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")


@login_required
def password_change_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/password_change_done.html")


@require_GET
@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """A login's own settings: password, two-factor sign-in, its sessions."""
    user = request.user
    assert isinstance(user, User)
    person = getattr(request, "person", None)
    enabled = two_factor.two_factor_enabled(user)
    return render(
        request,
        "accounts/settings.html",
        {
            "two_factor": enabled,
            "codes_left": len(two_factor.recovery_codes_left(user)) if enabled else 0,
            "required": person is not None and two_factor.two_factor_required(person),
            "signed_on": signed_on(request),
            "disable_form": CodeForm(label=_("Current code")),
            "idle_hours": round(settings.CIRCLES_SESSION_IDLE_MINUTES / 60, 1),
            "max_days": settings.CIRCLES_SESSION_MAX_DAYS,
            **language_settings_forms(request),
        },
    )


@require_POST
@login_required
def sessions_end(request: HttpRequest) -> HttpResponse:
    """Sign out everywhere else: every other session ends; this one stays signed in."""
    user = request.user
    assert isinstance(user, User)
    services.user_sessions_end(user=user)
    request.session.cycle_key()  # this session's old key may be what leaked
    session_stamp(request, user)
    messages.success(request, _("Signed out everywhere else. This browser stays signed in."))
    return redirect("account_settings")
