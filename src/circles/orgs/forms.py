from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.lib.fields import BoundedDateField

from .models import Person, Programme


class ProgrammeForm(forms.ModelForm):
    starts_on = BoundedDateField(
        label=gettext_lazy("Starts on"),
        required=False,
        past=dt.timedelta(days=5 * 366),
        future=dt.timedelta(days=3 * 366),
    )

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
        # The model's field names, as labels the translations can reach.
        labels = {
            "name": gettext_lazy("Name"),
            "kind": gettext_lazy("Kind"),
            "purpose": gettext_lazy("Purpose"),
            "objective": gettext_lazy("Objective"),
            "cadence": gettext_lazy("Cadence"),
            "meeting_minutes": gettext_lazy("Meeting minutes"),
            "min_circle_size": gettext_lazy("Min circle size"),
            "max_circle_size": gettext_lazy("Max circle size"),
            "cycle_weeks": gettext_lazy("Cycle weeks"),
            "ground_rules": gettext_lazy("Ground rules"),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "ground_rules": forms.Textarea(attrs={"rows": 6}),
        }


class CircleForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name"))
    member_emails = forms.CharField(
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("Members"),
        help_text=gettext_lazy("Work email addresses, one per line."),
    )
    time_zone = forms.ChoiceField(
        choices=[(z, z) for z in sorted(zoneinfo.available_timezones())],
        initial="UTC",
        label=gettext_lazy("Time zone"),
    )
    video_url = forms.URLField(
        required=False, label=gettext_lazy("Video link"), assume_scheme="https"
    )
    location = forms.CharField(max_length=200, required=False, label=gettext_lazy("Place"))

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
            raise forms.ValidationError(_("Add at least one member."))
        if len(set(emails)) != len(emails):
            raise forms.ValidationError(_("An address appears more than once."))
        people = {
            p.email: p
            for p in Person.objects.filter(
                organisation_id=self.organisation_id, email__in=emails, is_active=True
            )
        }
        unknown = [email for email in emails if email not in people]
        if unknown:
            raise forms.ValidationError(
                _("Nobody in the organisation has these addresses: %(addresses)s")
                % {"addresses": ", ".join(unknown)}
            )
        return [people[email] for email in emails]


class CircleMemberAddForm(forms.Form):
    email = forms.EmailField(max_length=254, label=gettext_lazy("Work email address"))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def clean_email(self) -> Person:
        email = self.cleaned_data["email"].strip().lower()
        person = Person.objects.filter(
            organisation_id=self.organisation_id, email__iexact=email, is_active=True
        ).first()
        if person is None:
            raise forms.ValidationError(_("Nobody in the organisation has this address."))
        return person


class SignInSettingsForm(forms.Form):
    password_sign_in = forms.BooleanField(
        required=False,
        label=gettext_lazy("People may sign in with a password"),
        help_text=gettext_lazy(
            "Switch this off once everyone signs in through single sign-on. Operators "
            "keep their password."
        ),
    )
    sso_creates_people = forms.BooleanField(
        required=False,
        label=gettext_lazy("Add people at their first single sign-on"),
        help_text=gettext_lazy(
            "Someone your identity provider vouches for, with an address at one of the "
            "domains below, joins as a member even if they are not in the directory yet."
        ),
    )
    two_factor_for_managers = forms.BooleanField(
        required=False,
        label=gettext_lazy("Require two-factor sign-in for admins and leads"),
        help_text=gettext_lazy(
            "Admins and programme leads who sign in with a password must also give a code "
            "from an authenticator app; those without one set it up before anything else. "
            "Single sign-on leaves this to your identity provider."
        ),
    )
    email_domains = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Email domains"),
        help_text=gettext_lazy(
            "Your organisation's address domains, one per line, like example.com."
        ),
    )

    def clean_email_domains(self) -> list[str]:
        return [part for part in re.split(r"[\s,;]+", self.cleaned_data["email_domains"]) if part]
