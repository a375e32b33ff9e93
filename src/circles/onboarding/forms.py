from __future__ import annotations

from django import forms


class OnboardingForm(forms.Form):
    window_days = forms.IntegerField(
        label="New hires: started within the last (days)", min_value=7, max_value=365
    )
    every_days = forms.IntegerField(
        label="Propose new circles every (days)", min_value=7, max_value=365
    )


class VolunteerForm(forms.Form):
    hosting = forms.BooleanField(
        label="I volunteer to host new colleagues in an onboarding circle", required=False
    )
