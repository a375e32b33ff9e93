from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OnboardingForm(forms.Form):
    window_days = forms.IntegerField(
        label=_("New hires: started within the last (days)"), min_value=7, max_value=365
    )
    every_days = forms.IntegerField(
        label=_("Propose new circles every (days)"), min_value=7, max_value=365
    )


class VolunteerForm(forms.Form):
    hosting = forms.BooleanField(
        label=_("I volunteer to host new colleagues in an onboarding circle"), required=False
    )
