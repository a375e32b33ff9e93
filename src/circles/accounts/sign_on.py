"""Single sign-on: which login an identity provider's verified address opens, if any.

The people directory decides who may come in. A sign-on opens the login of the active person
with that address (making the login on first use), or creates a member when their organisation
allows it; everyone else is refused with a reason the refusal page can explain.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from circles.lib.errors import DomainError
from circles.orgs.invitations.services import invitation_accepted
from circles.orgs.models import Person
from circles.orgs.people.services import person_create, person_login_create
from circles.orgs.selectors import organisation_for_email_domain

from .models import User, normalise_email

logger = logging.getLogger(__name__)


class SignOnRefused(DomainError):
    """A sign-on that opens no login; ``reason`` names which rule refused it."""

    def __init__(self, reason: str, message: str, *, advice: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.advice = advice


def _claimed_email(claims: Mapping[str, Any]) -> str:
    raw = claims.get("email")
    if not isinstance(raw, str) or "@" not in raw.strip():
        raise SignOnRefused(
            "no_email",
            _("Your identity provider did not tell us your email address."),
            advice=_(
                "Ask your IT team to release the email address to Coaching Circles, "
                "then sign in again."
            ),
        )
    return normalise_email(raw)


def _verified(claims: Mapping[str, Any]) -> bool:
    # Some providers send the flag as a string.
    flag = claims.get("email_verified")
    return flag is True or (isinstance(flag, str) and flag.lower() == "true")


def _full_name(claims: Mapping[str, Any], email: str) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    return (name.strip() if name else email.split("@", 1)[0])[:200]


def _left(organisation_name: str) -> SignOnRefused:
    return SignOnRefused(
        "left",
        _("Your profile at %(organisation)s is no longer active.")
        % {"organisation": organisation_name},
        advice=_("If you have come back, ask your organisation's admin to reactivate you."),
    )


def _unknown(email: str) -> SignOnRefused:
    return SignOnRefused(
        "unknown",
        _("%(email)s is not in the people directory here.") % {"email": email},
        advice=_(
            "Ask your organisation's admin to add you with this address, then sign in "
            "again. If you have another work address, sign in with that one."
        ),
    )


def _existing_login(user: User) -> User:
    if user.is_staff:
        # An operator's account opens the technical administration: it is never taken over by
        # whoever an identity provider vouches for.
        raise SignOnRefused(
            "operator",
            _("This address belongs to an operator account, which does not use single sign-on."),
            advice=_("Sign in with the account's password on the sign-in page."),
        )
    person = Person.objects.select_related("organisation").filter(user=user).first()
    if person is None:
        raise _unknown(user.email)
    if not person.is_active or not user.is_active:
        raise _left(person.organisation.name)
    return user


@transaction.atomic
def sign_on(*, claims: Mapping[str, Any], allowed_domains: Sequence[str] = ()) -> User:
    """The login a sign-on with these identity-provider claims opens; or SignOnRefused."""
    email = _claimed_email(claims)
    if not _verified(claims):
        raise SignOnRefused(
            "unverified",
            _("Your identity provider has not confirmed that %(email)s is your address.")
            % {"email": email},
            advice=_("Ask your IT team to verify the address in your account, then sign in again."),
        )
    domain = email.rsplit("@", 1)[1]
    if allowed_domains and domain not in allowed_domains:
        raise SignOnRefused(
            "domain",
            _("Addresses at %(domain)s cannot sign in to this installation.") % {"domain": domain},
            advice=_("Sign in to your identity provider with your work account and try again."),
        )

    user = User.objects.filter(email=email).first()
    if user is not None:
        user = _existing_login(user)
    else:
        people = list(Person.objects.select_related("organisation").filter(email=email))
        active = [person for person in people if person.is_active]
        if len(active) > 1:
            raise SignOnRefused(
                "ambiguous",
                _("%(email)s is in the directory of more than one organisation.")
                % {"email": email},
                advice=_(
                    "Ask one of the organisations' admins to change the address on one "
                    "of the profiles."
                ),
            )
        if active:
            user = person_login_create(person=active[0])
        elif people:
            raise _left(people[0].organisation.name)
        else:
            organisation = organisation_for_email_domain(domain)
            if organisation is None or not organisation.sso_creates_people:
                raise _unknown(email)
            person = person_create(
                organisation=organisation,
                full_name=_full_name(claims, email),
                email=email,
                source=Person.Source.SSO,
            )
            user = person_login_create(person=person)
            logger.info("single sign-on added a member to organisation %s", organisation.pk)
    # Signing on is how an invited person takes up the invitation.
    invitation_accepted(user=user)
    return user
