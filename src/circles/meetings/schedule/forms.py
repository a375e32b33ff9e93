"""Forms for the rhythm, moving, cancelling, declining and swapping roles."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms

from circles.groups.models import WEEKDAY_CHOICES
from circles.groups.rotation import ROLES
from circles.lib.fields import BoundedDateField, BoundedDateTimeField
from circles.meetings.record.forms import MemberChoiceField
from circles.meetings.schedule.services import MAX_HORIZON
from circles.orgs.models import Cadence, Person

ROLE_CHOICES = [(role, role.replace("_", " ").capitalize()) for role in ROLES]


class RhythmForm(forms.Form):
    cadence = forms.ChoiceField(choices=Cadence.choices, label="How often")
    meeting_weekday = forms.TypedChoiceField(
        choices=WEEKDAY_CHOICES, coerce=int, label="Day of the week"
    )
    meeting_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        label="Start time (circle's time zone)",
    )
    time_zone = forms.CharField(max_length=64, label="Time zone")
    first_meeting_on = BoundedDateField(
        label="From", past=dt.timedelta(days=366), future=dt.timedelta(days=366)
    )
    rrule = forms.CharField(
        max_length=300,
        required=False,
        label="Custom recurrence rule (optional)",
        help_text="Replaces 'How often', e.g. FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1 for the last "
        "Tuesday of each month.",
    )

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError("Use a time zone name like Europe/Berlin.")
        return value


class MoveForm(forms.Form):
    starts_at = BoundedDateTimeField(
        label="New start (circle's time zone)", past=dt.timedelta(days=1), future=MAX_HORIZON
    )

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(time_zone)

    def clean_starts_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["starts_at"]
        # The form speaks the circle's wall-clock time, whatever zone the viewer is in.
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        required=False,
        label="Reason (seen by the circle only)",
        widget=forms.TextInput,
    )
    confirm = forms.BooleanField(
        label="Yes, cancel it for everyone in the circle",
        error_messages={"required": "Tick the box to confirm: cancelling affects everyone."},
    )


class DeclineForm(forms.Form):
    declining = forms.TypedChoiceField(
        choices=[("yes", "I cannot come"), ("no", "I can come after all")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Can you come?",
    )


class SwapForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, label="Role")
    to_person = MemberChoiceField(queryset=Person.objects.none(), label="Hand it to")

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_person"].queryset = members  # type: ignore[attr-defined]
