"""Two-factor sign-in with django-otp: an authenticator app (TOTP) and one-time recovery codes.

A login has two-factor sign-in on when it has a confirmed TOTP device; its recovery codes live
in one static device next to it. Every check of a code goes through django-otp's devices, so
their throttling (a growing wait after each wrong code) applies everywhere a code is asked.
A wrong code is counted even though the check then refuses: the count is written before the
refusal is raised, never rolled back with it.
"""

from __future__ import annotations

import math
import re
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from circles.lib.errors import DomainError

from ..models import User

if TYPE_CHECKING:
    from circles.orgs.models import Person

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# What people type: six digits from the app, or a recovery code (letters and digits).
CODE_MAX = 32


@dataclass(frozen=True)
class Enrolment:
    """A secret offered for setting up an authenticator app, not yet confirmed."""

    key: str  # hex, as django-otp stores it

    @property
    def secret(self) -> str:
        """The secret as authenticator apps take it when typed in: base32, in groups of four."""
        text = b32encode(unhexlify(self.key)).decode()
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))

    def config_url(self, email: str) -> str:
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        params = urlencode(
            {
                "secret": b32encode(unhexlify(self.key)).decode(),
                "algorithm": "SHA1",
                "digits": 6,
                "period": 30,
            }
        )
        return f"otpauth://totp/{quote(f'{issuer}:{email}')}?{params}&issuer={quote(issuer)}"


def two_factor_enrolment_new() -> Enrolment:
    return Enrolment(key=random_hex(20))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> list[str]:
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("pk")
        .values_list("token", flat=True)
    )


def _clean(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()[:CODE_MAX]


def _recovery_codes_new(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, enrolment: Enrolment, code: str) -> list[str]:
    """Confirm the authenticator app with a code it shows; returns the new recovery codes."""
    if two_factor_enabled(user):
        raise DomainError(_("Two-factor sign-in is already on."))
    token = _clean(code)
    totp = TOTP(unhexlify(enrolment.key), step=30, t0=0, digits=6)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), tolerance=1):
        raise DomainError(
            _("That code does not match: type the six digits your app shows now."), field="code"
        )
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user, name=APP_NAME, key=enrolment.key, confirmed=True, last_t=totp.t()
    )
    return _recovery_codes_new(user)


def _devices_for(user: User, token: str) -> list[Device]:
    """The device a code is meant for: six digits are the app's, anything else a recovery code
    (so a mistyped code counts against one device, not both)."""
    model: type[Device] = TOTPDevice if token.isdigit() and len(token) <= 8 else StaticDevice
    return list(model.objects.select_for_update().filter(user=user, confirmed=True))


def _wait_message(device: Device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return None
    seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes: wait %(seconds)s second, then try again.",
        "Too many wrong codes: wait %(seconds)s seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def code_check(*, user: User, code: str) -> Device:
    """The device that accepts this code (its use recorded), or a DomainError saying why not.

    Wrong codes are written (the throttle counts them) before the refusal is raised.
    """
    token = _clean(code)
    refusal = _(
        "That code is not right: type the six digits your app shows now, or a recovery code."
    )
    if not token:
        raise DomainError(_("Type the code from your authenticator app."), field="code")
    with transaction.atomic():
        devices = _devices_for(user, token)
        for device in devices:
            wait = _wait_message(device)
            if wait is not None:
                refusal = wait
                continue
            if device.verify_token(token):
                return device
    raise DomainError(refusal, field="code")


def two_factor_disable(*, user: User, code: str) -> None:
    """Turn two-factor sign-in off, proven by a current code."""
    from circles.orgs.models import Person

    person = Person.objects.select_related("organisation").filter(user=user).first()
    if person is not None and two_factor_required(person):
        raise DomainError(
            _("%(organisation)s requires two-factor sign-in for admins and leads.")
            % {"organisation": person.organisation.name}
        )
    code_check(user=user, code=code)
    _devices_remove(user)


def recovery_codes_renew(*, user: User, code: str) -> list[str]:
    """New recovery codes, proven by a current code; the earlier ones stop working."""
    code_check(user=user, code=code)
    with transaction.atomic():
        return _recovery_codes_new(user)


@transaction.atomic
def _devices_remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_reset(*, user: User) -> bool:
    """Remove a login's two-factor devices (a lost phone); True when there were any."""
    had = two_factor_enabled(user)
    _devices_remove(user)
    return had


def two_factor_required(person: Person) -> bool:
    """Whether this person's organisation asks them for two-factor sign-in: admins and leads,
    once the organisation switched it on."""
    from circles.orgs.models import Role

    return person.organisation.two_factor_for_managers and person.role in {Role.ADMIN, Role.LEAD}
