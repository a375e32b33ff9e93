"""Forms for commitments: making one, following it up, checking in, linking a goal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.growth.models import CommitmentCheckIn, Goal, Outcome
from circles.lib.fields import BoundedDateField, ListedChoiceField
from circles.meetings.record.forms import MemberChoiceField
from circles.orgs.models import Person


class CommitmentForm(forms.Form):
    owner = MemberChoiceField(queryset=Person.objects.none(), label=_("Who commits"))
    action = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Concrete next step"),
        help_text=_("Something you can see done, for example: 'Ask Sam for feedback on my demo'."),
    )
    due_on = BoundedDateField(
        label=_("Due by"), past=dt.timedelta(days=366), future=dt.timedelta(days=731)
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class CommitmentEditForm(forms.Form):
    action = forms.CharField(
        max_length=1000, label=_("Concrete next step"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = BoundedDateField(
        label=_("Due by"), past=dt.timedelta(days=366), future=dt.timedelta(days=731)
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, label=_("How did it go")
    )
    reflection = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Reflection"),
        help_text=_("What happened, and what did you learn?"),
    )


class CheckInForm(forms.Form):
    percent = forms.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        label=_("How far along (%)"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    state = forms.ChoiceField(
        choices=[("", "—"), *CommitmentCheckIn.State.choices], required=False, label=_("State")
    )
    update = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Short update"),
        help_text=_("Only you and your circle see it."),
    )


class GoalLinkForm(forms.Form):
    goal = ListedChoiceField(
        queryset=Goal.objects.none(), required=False, label=_("Serves my goal"), empty_label="—"
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["goal"].label_from_instance = lambda goal: goal.title  # type: ignore[attr-defined]
