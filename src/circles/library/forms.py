"""Library forms: searching, writing items and stories, answering for a story."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Audience, Kind, Status

WRITABLE_KINDS = [(k.value, k.label) for k in Kind if k not in {Kind.STORY, Kind.TEMPLATE}]


def split_tags(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=pgettext_lazy("kind of library item", "Kind"),
        choices=[("", _("Every kind")), *Kind.choices],
        required=False,
    )
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("kind of library item", "Kind"), choices=WRITABLE_KINDS
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False, help_text=_("One sentence.")
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, links, headings with ##."),
    )
    url = forms.URLField(
        label=_("Address (for a link)"), max_length=500, required=False, assume_scheme="https"
    )
    audience = forms.ChoiceField(label=_("Who it is for"), choices=Audience.choices)
    tags = forms.CharField(
        label=_("Tags"), max_length=400, required=False, help_text=_("Separated by commas.")
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
            del self.fields["publish"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class ProgrammeChoiceForm(forms.Form):
    """One of the viewer's programmes, by id (checked against the choices, never looked up
    with a raw value)."""

    programme = forms.TypedChoiceField(label=_("Programme"), coerce=int, choices=())
    featured = forms.BooleanField(required=False)

    def __init__(self, *args: Any, programmes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.TypedChoiceField)
        programme.choices = programmes


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your story"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What happened, what you tried, what changed. Markdown works."),
    )
    named = forms.CharField(
        label=_("Colleagues named in it"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Their work email, one per line. Each of them must consent before anyone "
            "else reads the story."
        ),
    )
    anonymised = forms.BooleanField(
        label=_("Anonymise: leave out my name, department and circle"),
        required=False,
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=400, required=False, help_text=_("Separated by commas.")
    )

    def named_emails(self) -> list[str]:
        raw: str = self.cleaned_data.get("named", "")
        return [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("give", _("I consent")), ("withdraw", _("I withdraw my consent"))],
    )
