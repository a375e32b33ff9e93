"""The one thing two-factor pages ask for: a code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services import CODE_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=CODE_MAX,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(
        self,
        *args: object,
        label: StrOrPromise | None = None,
        help_text: StrOrPromise = "",
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].label = label if label is not None else _("Code")
        self.fields["code"].help_text = help_text


class AppCodeForm(CodeForm):
    """The six digits of the authenticator app, when setting it up."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(
            *args,
            label=_("Code from the app"),
            help_text=_("Six digits; a new code appears every 30 seconds."),
            **kwargs,
        )
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
