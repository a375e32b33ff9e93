"""Forms for the development plan, its goals, learning transfer and sharing."""

from __future__ import annotations

from typing import Any

from django import forms

from circles.growth.models import Commitment, Goal
from circles.lib.fields import RecordChoicesField


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
    goals = RecordChoicesField(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Goals",
    )
    commitments = RecordChoicesField(
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
