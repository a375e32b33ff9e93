"""The page an invitation link opens: choose a password, then straight to the home page."""

from __future__ import annotations

from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse

from circles.accounts.views import SetPasswordView

from .services import invitation_accepted
from .tokens import invitation_tokens


class InvitationAcceptView(SetPasswordView):
    token_generator = invitation_tokens
    heading = "Welcome: choose your password"
    button = "Save password and sign in"

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        invitation_accepted(user=form.user)
        return response
