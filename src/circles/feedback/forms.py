from __future__ import annotations

from django import forms

from .models import Barrier

AGREEMENT = [
    (1, "1 · Not at all"),
    (2, "2 · A little"),
    (3, "3 · Partly"),
    (4, "4 · Mostly"),
    (5, "5 · Completely"),
]


def _scale(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=AGREEMENT, coerce=int, widget=forms.RadioSelect, label=label, help_text=help_text
    )


class PulseForm(forms.Form):
    safety = _scale("In this meeting I could say what I really thought.")
    usefulness = _scale("This meeting was worth my time.")


class RatingForm(forms.Form):
    specific = _scale("The feedback on my case was specific to my situation.")
    observable = _scale("It was about what people could observe, not guesses about me.")
    impact = _scale("It showed me the impact of what happened.")
    actionable = _scale("It gave me something I can act on.")
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="Anything to add for your circle? (optional)",
        help_text="Only the circle's current members read this, without your name. "
        "Leads and admins never do.",
    )


class QuestionnaireForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        choices=[
            (1, "1 · Not useful"),
            (2, "2 · A little useful"),
            (3, "3 · Somewhat useful"),
            (4, "4 · Useful"),
            (5, "5 · Very useful"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful has your circle been for you so far?",
    )
    barriers = forms.MultipleChoiceField(
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What got in the way? (choose any)",
    )
    what_to_change = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        label="What should we change?",
    )
    anything_else = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        label="Anything else you want the programme team to know?",
        help_text="Your answer is stored without your name. Leads read written answers only "
        "once the round is closed and enough people answered, never with names.",
    )
