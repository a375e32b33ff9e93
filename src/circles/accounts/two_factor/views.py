"""Two-factor pages: the code after the password, setting the app up, recovery codes, off."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, return_to

from ..models import User
from . import services
from .forms import AppCodeForm, CodeForm
from .middleware import is_verified

ENROLMENT_KEY = "circles_two_factor_key"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def qr_svg(data: str) -> SafeString:
    """The QR code as inline SVG markup: presentation attributes only, no style, no script."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    markup = image.to_string(encoding="unicode")
    label = escape(_("QR code to scan with your authenticator app"))
    markup = markup.replace(
        "<svg ", f'<svg class="qr-code" role="img" aria-label="{label}" focusable="false" ', 1
    )
    # Built by qrcode from our own data; the only text in it (the label) is escaped.
    return mark_safe(markup)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app or a recovery code."""
    user = _user(request)
    target = return_to(request, reverse("home"))
    if is_verified(request) or not services.two_factor_enabled(user):
        return redirect(target)
    form = CodeForm(
        request.POST or None,
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = services.code_check(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            otp_login(request, device)
            if device.name == services.RECOVERY_NAME:
                left = len(services.recovery_codes_left(user))
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(left)s left. Make new ones on "
                        "your account page if you are running low.",
                        "You signed in with a recovery code; %(left)s left. Make new ones on "
                        "your account page if you are running low.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/two_factor/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a code, get the recovery codes."""
    user = _user(request)
    if services.two_factor_enabled(user):
        return redirect("account_settings")
    key = request.session.get(ENROLMENT_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = services.two_factor_enrolment_new().key
        request.session[ENROLMENT_KEY] = key
    enrolment = services.Enrolment(key=key)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_enable(
                user=user, enrolment=enrolment, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            del request.session[ENROLMENT_KEY]
            device = services.app_device(user)
            otp_login(request, device)  # the code just given proves this session
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("two_factor_recovery")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/two_factor/setup.html",
        {
            "form": form,
            "qr": qr_svg(enrolment.config_url(user.email)),
            "secret": enrolment.secret,
            "required": getattr(request, "person", None) is not None
            and services.two_factor_required(request.person),  # type: ignore[attr-defined]
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """The recovery codes still unused; with a current code, a new set replaces them."""
    user = _user(request)
    if not services.two_factor_enabled(user):
        return redirect("account_settings")
    form = CodeForm(request.POST or None, label=_("Current code"))
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_codes_renew(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("New recovery codes made; the earlier ones no longer work.")
            )
            return redirect("two_factor_recovery")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/two_factor/recovery.html",
        {"form": form, "codes": services.recovery_codes_left(user)},
        status=status,
    )


@require_GET
@never_cache
@login_required
def two_factor_recovery_download(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.two_factor_enabled(user):
        return redirect("account_settings")
    lines = [
        _("Coaching Circles recovery codes for %(email)s") % {"email": user.email},
        _("Each code signs you in once when your authenticator app is not at hand."),
        "",
        *services.recovery_codes_left(user),
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coaching-circles-recovery-codes.txt"'
    return response


@require_POST
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CodeForm(request.POST, label=_("Current code"))
    if form.is_valid():
        try:
            services.two_factor_disable(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
    else:
        messages.error(request, _("Type a current code to turn two-factor sign-in off."))
    return redirect("account_settings")
