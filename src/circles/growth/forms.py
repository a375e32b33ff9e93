from __future__ import annotations

from typing import Any

from django import forms

from circles.meetings.forms import MemberChoiceField
from circles.orgs.models import Person

from .models import Commitment, CommitmentCheckIn, Goal, Outcome


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


class CheckInForm(forms.Form):
    percent = forms.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        label="How far along (%)",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    state = forms.ChoiceField(
        choices=[("", "—"), *CommitmentCheckIn.State.choices], required=False, label="State"
    )
    update = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Short update",
        help_text="Only you and your circle see it.",
    )


class GoalLinkForm(forms.Form):
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(), required=False, label="Serves my goal", empty_label="—"
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["goal"].label_from_instance = lambda goal: goal.title  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    summary = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Where I want to grow",
        help_text="Private to you. Nothing here is shared unless you choose to.",
    )


class GoalForm(forms.Form):
    title = forms.CharField(
        max_length=300, label="Goal", help_text="What you want to be able to do."
    )
    skills = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Skills behind it",
    )
    evidence = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="How I will know I progressed",
        help_text="What you will see or hear when it works.",
    )
    status = forms.ChoiceField(choices=Goal.Status.choices, initial=Goal.Status.ACTIVE)
    shared_with_circle = forms.BooleanField(
        required=False,
        label="Share this goal with my circles",
        help_text="Current members of your circles will see it on the circle's commitments page.",
    )


class TransferCheckForm(forms.Form):
    applied = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "Not yet")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did you apply what you learned?",
    )
    how = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="How did you apply it?",
    )
    effect = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What changed as a result?",
    )


class ShareForm(forms.Form):
    """Career conversation: every item unticked until the person ticks it."""

    summary = forms.BooleanField(required=False, label="My plan summary")
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Goals",
    )
    commitments = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Commitments and their progress",
    )

    def __init__(self, *args: Any, goals: Any, commitments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]
        self.fields["goals"].label_from_instance = lambda goal: goal.title  # type: ignore[attr-defined]
        self.fields["commitments"].queryset = commitments  # type: ignore[attr-defined]
        self.fields["commitments"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.action} (due {c.due_on:%d %b %Y}, {c.get_status_display().lower()})"
        )
