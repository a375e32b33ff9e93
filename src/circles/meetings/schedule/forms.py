"""Forms for the rhythm, moving, cancelling, declining and swapping roles."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.groups.rotation import ROLES
from circles.languages.formats import weekdays_in_locale_order
from circles.lib.fields import BoundedDateField, BoundedDateTimeField
from circles.meetings.models import MEETING_ROLE_LABELS
from circles.meetings.record.forms import MemberChoiceField
from circles.meetings.schedule.services import MAX_HORIZON
from circles.orgs.models import Cadence, Person

ROLE_CHOICES = [(role, MEETING_ROLE_LABELS[role]) for role in ROLES]


class RhythmForm(forms.Form):
    cadence = forms.ChoiceField(choices=Cadence.choices, label=_("How often"))
    # The days as the reader's locale orders and names them (a week starts on Sunday in the US).
    meeting_weekday = forms.TypedChoiceField(
        choices=weekdays_in_locale_order, coerce=int, label=_("Day of the week")
    )
    meeting_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        label=_("Start time (circle's time zone)"),
    )
    time_zone = forms.CharField(max_length=64, label=_("Time zone"))
    first_meeting_on = BoundedDateField(
        # Translators: the date a rhythm of meetings starts from.
        label=_("From"),
        past=dt.timedelta(days=366),
        future=dt.timedelta(days=366),
    )
    rrule = forms.CharField(
        max_length=300,
        required=False,
        label=_("Custom recurrence rule (optional)"),
        help_text=_(
            "Replaces 'How often', e.g. FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1 for the last "
            "Tuesday of each month."
        ),
    )

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Use a time zone name like Europe/Berlin."))
        return value


class MoveForm(forms.Form):
    starts_at = BoundedDateTimeField(
        label=_("New start (circle's time zone)"), past=dt.timedelta(days=1), future=MAX_HORIZON
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
        label=_("Reason (seen by the circle only)"),
        widget=forms.TextInput,
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel it for everyone in the circle"),
        error_messages={"required": _("Tick the box to confirm: cancelling affects everyone.")},
    )


class DeclineForm(forms.Form):
    declining = forms.TypedChoiceField(
        choices=[("yes", _("I cannot come")), ("no", _("I can come after all"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label=_("Can you come?"),
    )


class SwapForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, label=_("Role"))
    to_person = MemberChoiceField(queryset=Person.objects.none(), label=_("Hand it to"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_person"].queryset = members  # type: ignore[attr-defined]
