from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Barrier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AGREEMENT = [
    # Translators: an answer on a scale from 1 to 5; keep the number at the start.
    (1, _("1 · Not at all")),
    (2, _("2 · A little")),
    (3, _("3 · Partly")),
    (4, _("4 · Mostly")),
    (5, _("5 · Completely")),
]


def _scale(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=AGREEMENT, coerce=int, widget=forms.RadioSelect, label=label, help_text=help_text
    )


class PulseForm(forms.Form):
    safety = _scale(_("In this meeting I could say what I really thought."))
    usefulness = _scale(_("This meeting was worth my time."))


class RatingForm(forms.Form):
    specific = _scale(_("The feedback on my case was specific to my situation."))
    observable = _scale(_("It was about what people could observe, not guesses about me."))
    impact = _scale(_("It showed me the impact of what happened."))
    actionable = _scale(_("It gave me something I can act on."))
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label=_("Anything to add for your circle? (optional)"),
        help_text=_(
            "Only the circle's current members read this, without your name. "
            "Leads and admins never do."
        ),
    )


class QuestionnaireForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        choices=[
            # Translators: an answer on a scale from 1 to 5; keep the number at the start.
            (1, _("1 · Not useful")),
            (2, _("2 · A little useful")),
            (3, _("3 · Somewhat useful")),
            (4, _("4 · Useful")),
            (5, _("5 · Very useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        label=_("How useful has your circle been for you so far?"),
    )
    barriers = forms.MultipleChoiceField(
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("What got in the way? (choose any)"),
    )
    what_to_change = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        label=_("What should we change?"),
    )
    anything_else = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        label=_("Anything else you want the programme team to know?"),
        help_text=_(
            "Your answer is stored without your name. Leads read written answers only "
            "once the round is closed and enough people answered, never with names."
        ),
    )
