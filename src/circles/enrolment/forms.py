"""Input shapes for the enrolment pages; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from circles.languages import formats
from circles.lib.fields import BoundedDateField, IdListField

from .models import EnrolmentSettings
from .times import PARTS_OF_DAY, SLOT_CODES, WEEKDAY_NAMES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Enrolment dates lie near today: a year back (a round still open) to two years ahead.
PAST, FUTURE = dt.timedelta(days=365), dt.timedelta(days=2 * 365)


def split_list(text: str) -> list[str]:
    """Commas, semicolons and new lines all separate items."""
    return [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",")]


class SettingsForm(forms.Form):
    audience = forms.ChoiceField(
        choices=EnrolmentSettings.Audience.choices,
        widget=forms.RadioSelect,
        label=_("Who may enrol"),
        help_text=_("People you invite can always enrol, whichever audience you choose."),
    )
    departments = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Departments (for chosen departments or locations)"),
    )
    locations = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Locations (for chosen departments or locations)"),
    )
    capacity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        label=_("Places"),
        help_text=_("Leave empty for no limit. Beyond it, people join a waiting list in order."),
    )
    opens_on = BoundedDateField(
        required=False, past=PAST, future=FUTURE, label=_("Opens on (optional)")
    )
    closes_on = BoundedDateField(
        required=False, past=PAST, future=FUTURE, label=_("Closes on (optional)")
    )

    def __init__(
        self, *args: Any, departments: list[str], locations: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(d, d) for d in departments]  # type: ignore[attr-defined]
        self.fields["locations"].choices = [(loc, loc) for loc in locations]  # type: ignore[attr-defined]


class DirectorySearchForm(forms.Form):
    department = forms.ChoiceField(required=False, label=_("Department"))
    location = forms.ChoiceField(required=False, label=_("Location"))
    q = forms.CharField(required=False, max_length=100, label=_("Name or email contains"))

    def __init__(
        self, *args: Any, departments: list[str], locations: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", gettext("Any department"))] + [  # type: ignore[attr-defined]
            (d, d) for d in departments
        ]
        self.fields["location"].choices = [("", gettext("Any location"))] + [  # type: ignore[attr-defined]
            (loc, loc) for loc in locations
        ]


class PickForm(forms.Form):
    selected = IdListField(limit=1000)


class InviteEmailsForm(forms.Form):
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=100_000,
        label=_("Work email addresses"),
        help_text=_("Separated by commas, spaces or new lines."),
    )


def _meeting_time_choices() -> list[tuple[str, str]]:
    """Each slot as its part of the day and its hours, in the language of the page."""
    return [
        (
            code,
            # Translators: a part of the day with its hours, e.g. "Morning (08:00 to 12:00)".
            gettext("%(part_of_day)s (%(starts)s to %(ends)s)")
            % {
                "part_of_day": part.label,
                "starts": formats.format_local_time(part.starts),
                "ends": formats.format_local_time(part.ends),
            },
        )
        for code, part in zip(SLOT_CODES, PARTS_OF_DAY * len(WEEKDAY_NAMES), strict=True)
    ]


class ProfileForm(forms.Form):
    development_interests = forms.CharField(
        required=False,
        max_length=800,
        label=_("What you would like to develop"),
        help_text=_("A few words each, separated by commas: e.g. giving feedback, leading change."),
    )
    languages = forms.CharField(
        required=False,
        max_length=400,
        label=_("Languages you can take part in"),
        help_text=_("Separated by commas."),
    )
    meeting_times = forms.MultipleChoiceField(
        required=False,
        choices=_meeting_time_choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("When you could meet"),
    )
    avoid = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Anyone you would rather not share a circle with (private)"),
        help_text=_(
            "One work email or full name per line. Only used to keep you in different circles: "
            "nobody else ever sees this list, not the programme lead, not an admin, not them."
        ),
    )

    def clean_development_interests(self) -> list[str]:
        return [v for v in split_list(self.cleaned_data["development_interests"]) if v]

    def clean_languages(self) -> list[str]:
        return [v for v in split_list(self.cleaned_data["languages"]) if v]

    def avoid_lines(self) -> list[str]:
        lines = []
        for line in self.cleaned_data["avoid"].splitlines():
            line = line.strip()
            # "Full Name <email>" (how the form shows a saved choice) means the address.
            if "<" in line and line.endswith(">"):
                line = line.rsplit("<", 1)[1][:-1]
            lines.append(line)
        return [line for line in lines if line]

    def time_rows(self) -> list[tuple[StrOrPromise, list[BoundWidget]]]:
        """The meeting-time checkboxes grouped by weekday, for one fieldset per day."""
        boxes = list(self["meeting_times"])
        per_day = len(PARTS_OF_DAY)
        return [
            (name, boxes[i * per_day : (i + 1) * per_day]) for i, name in enumerate(WEEKDAY_NAMES)
        ]
