"""The one thing two-factor pages ask for: a code."""

from __future__ import annotations

from django import forms

from .services import CODE_MAX


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=CODE_MAX,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: object, label: str = "Code", help_text: str = "", **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].label = label
        self.fields["code"].help_text = help_text


class AppCodeForm(CodeForm):
    """The six digits of the authenticator app, when setting it up."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(
            *args,
            label="Code from the app",
            help_text="Six digits; a new code appears every 30 seconds.",
            **kwargs,
        )
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
