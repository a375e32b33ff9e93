"""The page an invitation link opens: choose a password, then straight to the home page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from circles.accounts.views import SetPasswordView

from .services import InvitationBatch, invitation_accepted
from .tokens import invitation_tokens


class InvitationAcceptView(SetPasswordView):
    token_generator = invitation_tokens
    heading = _("Welcome: choose your password")
    button = _("Save password and sign in")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        invitation_accepted(user=form.user)
        return response


def report_invitations(request: HttpRequest, batch: InvitationBatch) -> None:
    """Say on the next page how many were invited, and why the others were not (five reasons at
    most)."""
    if batch.sent:
        messages.success(
            request,
            ngettext(
                "Invitation sent to %(count)s person.",
                "Invitation sent to %(count)s people.",
                len(batch.sent),
            )
            % {"count": len(batch.sent)},
        )
    if not batch.skipped:
        return
    reasons = "; ".join(reason for _person, reason in batch.skipped[:5])
    more = len(batch.skipped) - 5
    if more > 0:
        text = ngettext(
            "Not invited: %(reasons)s (and %(more)s more).",
            "Not invited: %(reasons)s (and %(more)s more).",
            more,
        ) % {"reasons": reasons, "more": more}
    else:
        text = gettext("Not invited: %(reasons)s.") % {"reasons": reasons}
    messages.warning(request, text)
