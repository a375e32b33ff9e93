"""Invitations: a signed, single-use, expiring link to set a password and sign in.

A person without a login gets one with an unusable password when first invited; the link in
the email (and, for the first admin, on the command line) lets them choose a password.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from circles.accounts.models import User
from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.lib.errors import DomainError
from circles.orgs.models import Invitation, Person


def has_signed_in(person: Person) -> bool:
    return person.user is not None and person.user.last_login is not None


def _refusal(person: Person) -> str | None:
    """Why this person cannot be invited, as a sentence with ``%(person)s``; None if they can."""
    if not person.is_active:
        return _("%(person)s has left the organisation: no invitation sent.")
    if not person.email:
        return _("%(person)s has no email address: no invitation sent.")
    if person.user is not None and (
        person.user.has_usable_password() or person.user.last_login is not None
    ):
        return _("%(person)s already has a login: no invitation sent.")
    if person.user is None and User.objects.filter(email=person.email).exists():
        return _("%(person)s shares an address with a login elsewhere: no invitation sent.")
    return None


@transaction.atomic
def invitation_send(
    *, person: Person, invited_by: Person | None, deliver: bool = True
) -> Invitation:
    """Invite (or invite again) one person; the email goes out through the task worker.

    Resending makes earlier links stop working. ``deliver=False`` only records the
    invitation (the command line prints the link instead).
    """
    # Lock only the person's row: PostgreSQL cannot lock the nullable side of the login join.
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    refusal = _refusal(person)
    if refusal is not None:
        raise DomainError(refusal % {"person": person.full_name})
    if invited_by is not None and invited_by.organisation_id != person.organisation_id:
        raise DomainError(_("Only someone in the same organisation can invite."))
    if person.user is None:
        user = User.objects.create_user(email=person.email, password=None)
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    now = timezone.now()
    invitation, created = Invitation.objects.select_for_update().get_or_create(
        person=person,
        defaults={
            "organisation_id": person.organisation_id,
            "invited_by": invited_by,
            "first_sent_at": now,
            "last_sent_at": now,
        },
    )
    if not created:
        invitation.send_count += 1
        invitation.last_sent_at = now
        invitation.invited_by = invited_by or invitation.invited_by
        invitation.save(update_fields=["send_count", "last_sent_at", "invited_by"])
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.INVITATION_SENT,
        target=person,
        summary="Invited to choose a password"
        + (f" (sent {invitation.send_count} times)" if invitation.send_count > 1 else ""),
        details={"send_count": invitation.send_count, "emailed": deliver},
    )
    if deliver:
        from .tasks import deliver_invitation

        # The task is a row in the same database: it commits with the invitation, or not at all.
        deliver_invitation.enqueue(invitation.pk)
    return invitation


@dataclass
class InvitationBatch:
    sent: list[Person] = field(default_factory=list)
    skipped: list[tuple[Person, str]] = field(default_factory=list)


def invitations_send(*, people: Iterable[Person], invited_by: Person | None) -> InvitationBatch:
    """Invite many people; those who cannot be invited are listed with the reason."""
    batch = InvitationBatch()
    for person in people:
        try:
            invitation_send(person=person, invited_by=invited_by)
        except DomainError as error:
            batch.skipped.append((person, error.message))
        else:
            batch.sent.append(person)
    return batch


def invitation_accepted(*, user: User) -> None:
    """The invited person set their password: the invitation is used up."""
    Invitation.objects.filter(person__user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )


# What the directory shows for each sign-in status (the status itself is a key).
SIGN_IN_STATUS_LABELS = {
    "no login": pgettext_lazy("sign-in status", "no login"),
    "invited": pgettext_lazy("sign-in status", "invited"),
    "invitation expired": pgettext_lazy("sign-in status", "invitation expired"),
    "has a login": pgettext_lazy("sign-in status", "has a login"),
    "has signed in": pgettext_lazy("sign-in status", "has signed in"),
}


def sign_in_status_label(status: str) -> str:
    """A sign-in status as the page shows it, in the active language."""
    return str(SIGN_IN_STATUS_LABELS.get(status, status))


def sign_in_status(person: Person, invitation: Invitation | None) -> str:
    """One phrase for the directory: how this person stands with signing in (its key; the page
    shows ``sign_in_status_label``)."""
    if person.user is None:
        return "invited" if invitation else "no login"
    if person.user.has_usable_password() or person.user.last_login is not None:
        return "has signed in" if person.user.last_login else "has a login"
    if invitation is None:
        return "no login"
    age = (timezone.now() - invitation.last_sent_at).total_seconds()
    if age > settings.CIRCLES_INVITATION_DAYS * 86400:
        return "invitation expired"
    return "invited"
