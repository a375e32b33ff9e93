"""Invitation links: password-setting tokens that a resend or a departure invalidates."""

from __future__ import annotations

from circles.accounts.models import User
from circles.accounts.tokens import ExpiringTokenGenerator


class InvitationTokenGenerator(ExpiringTokenGenerator):
    key_salt = "circles.orgs.invitations.InvitationTokenGenerator"
    lifetime_setting = "CIRCLES_INVITATION_DAYS"
    lifetime_unit_seconds = 86400

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        from circles.orgs.models import Invitation

        # Part of the token: resending an invitation makes every earlier link stop working.
        sends = (
            Invitation.objects.filter(person__user_id=user.pk)
            .values_list("send_count", flat=True)
            .first()
        )
        return f"{super()._make_hash_value(user, timestamp)}|{sends}"


invitation_tokens = InvitationTokenGenerator()
