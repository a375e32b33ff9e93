"""Forms for the development plan, its goals, learning transfer and sharing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from circles.growth.models import Commitment, Goal
from circles.languages import formats
from circles.lib.fields import RecordChoicesField


class PlanForm(forms.Form):
    summary = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Where I want to grow"),
        help_text=_("Private to you. Nothing here is shared unless you choose to."),
    )


class GoalForm(forms.Form):
    title = forms.CharField(
        max_length=300, label=_("Goal"), help_text=_("What you want to be able to do.")
    )
    skills = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Skills behind it"),
    )
    evidence = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("How I will know I progressed"),
        help_text=_("What you will see or hear when it works."),
    )
    status = forms.ChoiceField(
        choices=Goal.Status.choices, initial=Goal.Status.ACTIVE, label=_("Status")
    )
    shared_with_circle = forms.BooleanField(
        required=False,
        label=_("Share this goal with my circles"),
        help_text=_(
            "Current members of your circles will see it on the circle's commitments page."
        ),
    )


class TransferCheckForm(forms.Form):
    applied = forms.TypedChoiceField(
        choices=[
            ("yes", pgettext_lazy("did you apply it", "Yes")),
            ("no", pgettext_lazy("did you apply it", "Not yet")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label=_("Did you apply what you learned?"),
    )
    how = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("How did you apply it?"),
    )
    effect = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What changed as a result?"),
    )


class ShareForm(forms.Form):
    """Career conversation: every item unticked until the person ticks it."""

    summary = forms.BooleanField(required=False, label=_("My plan summary"))
    goals = RecordChoicesField(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Goals"),
    )
    commitments = RecordChoicesField(
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Commitments and their progress"),
    )

    def __init__(self, *args: Any, goals: Any, commitments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]
        self.fields["goals"].label_from_instance = lambda goal: goal.title  # type: ignore[attr-defined]
        self.fields["commitments"].queryset = commitments  # type: ignore[attr-defined]
        self.fields["commitments"].label_from_instance = _commitment_label  # type: ignore[attr-defined]


def _commitment_label(commitment: Commitment) -> str:
    return gettext("%(action)s (due %(date)s, %(status)s)") % {
        "action": commitment.action,
        "date": formats.format_local_date(commitment.due_on),
        "status": commitment.status_in_sentence(),
    }
