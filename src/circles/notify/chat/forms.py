"""The form that connects a chat channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from circles.groups.models import Circle
from circles.lib.fields import ListedChoiceField
from circles.notify.models import CHAT_KINDS, ChatChannel, Kind
from circles.orgs.people.selectors import person_by_reference

TARGETS = [
    ("person", gettext_lazy("One person: their own reminders")),
    ("circle", gettext_lazy("A circle: its meeting reminders")),
]


class ChannelForm(forms.Form):
    service = forms.ChoiceField(
        label=gettext_lazy("Service"),
        choices=ChatChannel.Service.choices,
        widget=forms.RadioSelect,
    )
    label = forms.CharField(
        label=pgettext_lazy("name of a chat channel", "Label"),
        max_length=100,
        help_text=gettext_lazy("How this page names it (“#aspen”)."),
    )
    webhook_url = forms.URLField(
        label=gettext_lazy("Incoming-webhook address"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "From the channel's settings in Slack, or a Teams workflow “Post to a channel "
            "when a webhook request is received”."
        ),
    )
    target = forms.ChoiceField(
        choices=TARGETS,
        widget=forms.RadioSelect,
        label=pgettext_lazy("chat channel target", "For"),
    )
    person = forms.CharField(
        max_length=254, required=False, label=gettext_lazy("Person's email or employee id")
    )
    circle = ListedChoiceField(
        label=gettext_lazy("Circle"), queryset=Circle.objects.none(), required=False
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Reminders"),
        choices=[(kind.value, kind.label) for kind in CHAT_KINDS],
        widget=forms.CheckboxSelectMultiple,
        initial=[Kind.MEETING],
        help_text=gettext_lazy("A circle's channel carries meeting reminders only."),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        circle = self.fields["circle"]
        assert isinstance(circle, forms.ModelChoiceField)
        circle.queryset = Circle.objects.filter(organisation_id=organisation_id).exclude(
            status=Circle.Status.CLOSED
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") == "person":
            found = person_by_reference(self.organisation_id, data.get("person") or "")
            if found is None:
                self.add_error("person", _("Nobody in the organisation has that email or id."))
            data["person"], data["circle"] = found, None
        elif data.get("target") == "circle":
            if data.get("circle") is None:
                self.add_error("circle", _("Choose the circle."))
            data["person"] = None
        return data
