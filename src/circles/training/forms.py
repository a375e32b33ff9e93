from __future__ import annotations

from django import forms


class StepForm(forms.Form):
    done = forms.BooleanField(required=False)
