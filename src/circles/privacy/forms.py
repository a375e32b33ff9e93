"""The typed confirmation an erasure asks for."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class EraseForm(forms.Form):
    confirmation = forms.CharField(
        label=gettext_lazy("Type the person's full name to confirm"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, full_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.full_name = full_name

    def clean_confirmation(self) -> str:
        typed: str = self.cleaned_data["confirmation"]
        if _comparable(typed) != _comparable(self.full_name):
            raise forms.ValidationError(
                _("That is not their name as the directory has it: nothing was erased.")
            )
        return typed
