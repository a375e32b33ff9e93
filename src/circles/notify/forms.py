from __future__ import annotations

from django import forms

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = [
            "invitations",
            "meeting_reminders",
            "commitment_reminders",
            "transfer_checks",
            "weekly_digest",
            "enrolment_invitations",
            "story_consents",
            "library_digest",
        ]
