from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms

from .models import Person, Programme


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "purpose",
            "objective",
            "cadence",
            "meeting_minutes",
            "min_circle_size",
            "max_circle_size",
            "cycle_weeks",
            "starts_on",
            "ground_rules",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "ground_rules": forms.Textarea(attrs={"rows": 6}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
        }


class CircleForm(forms.Form):
    name = forms.CharField(max_length=120)
    member_emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Members",
        help_text="Work email addresses, one per line.",
    )
    time_zone = forms.ChoiceField(
        choices=[(z, z) for z in sorted(zoneinfo.available_timezones())], initial="UTC"
    )
    video_url = forms.URLField(required=False, label="Video link", assume_scheme="https")
    location = forms.CharField(max_length=200, required=False, label="Place")

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def clean_member_emails(self) -> list[Person]:
        emails = [
            line.strip().lower()
            for line in self.cleaned_data["member_emails"].replace(",", "\n").splitlines()
            if line.strip()
        ]
        if not emails:
            raise forms.ValidationError("Add at least one member.")
        if len(set(emails)) != len(emails):
            raise forms.ValidationError("An address appears more than once.")
        people = {
            p.email: p
            for p in Person.objects.filter(
                organisation_id=self.organisation_id, email__in=emails, is_active=True
            )
        }
        unknown = [email for email in emails if email not in people]
        if unknown:
            raise forms.ValidationError(
                "Nobody in the organisation has these addresses: " + ", ".join(unknown)
            )
        return [people[email] for email in emails]
