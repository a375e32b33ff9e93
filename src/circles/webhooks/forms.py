"""The form that registers or changes a webhook endpoint."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.lib.events import CATALOGUE


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the events are posted, e.g. https://hr.example.com/hooks/circles."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("What receives them (“HR system”)."),
    )
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("webhook", "Events"),
        choices=list(CATALOGUE.items()),
        widget=forms.CheckboxSelectMultiple,
    )


class EndpointChangeForm(EndpointForm):
    is_active = forms.BooleanField(
        label=_("Send events to it"), required=False, help_text=_("Untick to pause deliveries.")
    )
