"""The language settings: a person's own language, and an organisation's default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _named_languages() -> list[tuple[str, str]]:
    # Each language in its own name: the reader may not read the page's current language.
    return list(settings.LANGUAGES)


class PersonLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, organisation_default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                "",
                _("As my organisation decides (%(language)s)") % {"language": organisation_default},
            ),
            *_named_languages(),
        ]


class OrganisationLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Default language of the organisation"),
        required=False,
        help_text=_("For everyone who has not chosen a language of their own, emails included."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Each browser's own language (emails in English)")),
            *_named_languages(),
        ]
