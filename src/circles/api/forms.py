"""The form that makes an API token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Scope
from .tokens import LIFETIMES_DAYS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NEVER = "never"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, so that you recognise it later (“HR sync”)."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect
    )
    expires = forms.ChoiceField(label=_("Expires after"), initial="90")

    def __init__(self, *args: object, service: bool = False, admin: bool = False, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices: list[tuple[str, StrOrPromise]] = [
            (str(days), ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
            for days in LIFETIMES_DAYS
        ]
        if service:
            choices.append((NEVER, _("Never (until revoked)")))
        expires = self.fields["expires"]
        assert isinstance(expires, forms.ChoiceField)
        expires.choices = choices
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        if not (service or admin):
            scope.choices = [
                (value, label) for value, label in Scope.choices if value != Scope.ADMIN
            ]

    def expires_in_days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == NEVER else int(value)
