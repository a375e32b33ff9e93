"""The invitation email and its link, for the command line, the services and the worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from circles.languages.selection import language_of
from circles.lib.errors import DomainError
from circles.orgs.models import Invitation, Person

from .tokens import invitation_tokens


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def invitation_link(person: Person) -> str:
    """A fresh link for the person's current invitation (valid until the next resend)."""
    if person.user is None:
        raise DomainError(_("This person has not been invited yet."))
    uid = urlsafe_base64_encode(force_bytes(person.user.pk))
    token = invitation_tokens.make_token(person.user)
    return absolute(reverse("invitation_accept", args=[uid, token]))


def invitation_email(invitation: Invitation) -> EmailMultiAlternatives:
    """The invitation, written in the language the product speaks to the person invited."""
    with translation.override(language_of(invitation.person)):
        return _invitation_email(invitation)


def _invitation_email(invitation: Invitation) -> EmailMultiAlternatives:
    person = invitation.person
    context = {
        "person": person,
        "organisation": person.organisation,
        "invited_by": invitation.invited_by,
        "url": invitation_link(person),
        "days": settings.CIRCLES_INVITATION_DAYS,
        "sign_in_url": absolute(reverse("login")),
    }
    subject = _("You are invited to Coaching Circles at %(organisation)s") % {
        "organisation": person.organisation.name
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{person.full_name} <{person.email}>"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("accounts/email/invitation.html", context), "text/html"
    )
    return message


def invitation_deliver(*, invitation_id: int) -> bool:
    """Send the invitation email now; False when it is no longer wanted (accepted, left)."""
    invitation = (
        Invitation.objects.select_related("person__user", "person__organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, person__is_active=True)
        .first()
    )
    if invitation is None or invitation.person.user is None:
        return False
    if invitation.person.user.has_usable_password():
        return False
    invitation_email(invitation).send()
    return True
