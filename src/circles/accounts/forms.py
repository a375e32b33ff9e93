"""Sign-in and password forms: Django's, with addresses compared case-insensitively."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import User, normalise_email

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def password_sign_in_refused(user: AbstractBaseUser) -> str | None:
    """Why this login may not use a password, or None: its organisation uses single sign-on."""
    from circles.orgs.models import Person

    if getattr(user, "is_staff", False):
        return None  # operators keep a way in when the identity provider is down
    person = Person.objects.select_related("organisation").filter(user_id=user.pk).first()
    if person is not None and not person.organisation.password_sign_in:
        # Translators: the quoted words are the label of the single sign-on button below.
        return _(
            "%(organisation)s signs in through single sign-on: "
            "use “Sign in with single sign-on” below."
        ) % {"organisation": person.organisation.name}
    return None


# Longer passwords than this are refused before hashing: hashing is deliberately slow.
PASSWORD_MAX = 4096


class SignInForm(AuthenticationForm):
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput,
    )
    username = forms.CharField(label=gettext_lazy("Work email"), max_length=254)
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "That email and password do not match. Check both, or reset your password below."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Work email")

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        refusal = password_sign_in_refused(user)
        if refusal is not None:
            raise forms.ValidationError(refusal, code="single_sign_on_only")


class ResetRequestForm(PasswordResetForm):
    """Django's reset form; the email goes out through the task worker, never inline."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Work email")

    def get_users(self, email: str) -> Any:
        for user in super().get_users(normalise_email(email)):
            if password_sign_in_refused(user) is None:
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader
        from django.urls import reverse

        from .tasks import send_email

        path = reverse("password_reset_confirm", args=[context["uid"], context["token"]])
        context = {**context, "url": f"{context['site_url']}{path}"}

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        send_email.enqueue(subject=subject, text=text, html=html, to=[to_email])


def _new_password(label: StrOrPromise, *, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=help_text,
    )


class NewPasswordForm(SetPasswordForm):
    """Django's form to choose a password (invitation, reset), with a length limit."""

    new_password1 = _new_password(
        gettext_lazy("New password"),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = _new_password(gettext_lazy("New password confirmation"))


class ChangePasswordForm(PasswordChangeForm):
    old_password = forms.CharField(
        label=gettext_lazy("Old password"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = _new_password(
        gettext_lazy("New password"),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = _new_password(gettext_lazy("New password confirmation"))
