from __future__ import annotations

from typing import Any

from django import forms

from circles.meetings.forms import MemberChoiceField
from circles.orgs.models import Person

from .models import Outcome


class CommitmentForm(forms.Form):
    owner = MemberChoiceField(queryset=Person.objects.none(), label="Who commits")
    action = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Concrete next step",
        help_text="Something you can see done, for example: 'Ask Sam for feedback on my demo'.",
    )
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Due by")

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, label="How did it go"
    )
    reflection = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reflection",
        help_text="What happened, and what did you learn?",
    )
