"""The form that registers or changes a webhook endpoint."""

from __future__ import annotations

from django import forms

from circles.lib.events import CATALOGUE


class EndpointForm(forms.Form):
    url = forms.URLField(
        label="Address",
        max_length=500,
        assume_scheme="https",
        help_text="Where the events are posted, e.g. https://hr.example.com/hooks/circles.",
    )
    description = forms.CharField(
        max_length=200, required=False, help_text="What receives them (“HR system”)."
    )
    events = forms.MultipleChoiceField(
        choices=list(CATALOGUE.items()), widget=forms.CheckboxSelectMultiple
    )


class EndpointChangeForm(EndpointForm):
    is_active = forms.BooleanField(
        label="Send events to it", required=False, help_text="Untick to pause deliveries."
    )
