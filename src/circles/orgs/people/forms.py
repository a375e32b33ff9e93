"""Forms of the people directory: the filter bar and the person form."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from circles.lib.fields import BoundedDateField, IdListField, ListedChoiceField
from circles.orgs.models import Person, Programme, Role

from .selectors import SORTS, DirectoryFilters, person_by_reference

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Translators: a filter choice, "any value".
ANY = pgettext_lazy("filter", "Any")
YES_NO = [("", ANY), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name, email or employee id"), required=False, max_length=200
    )
    department = forms.ChoiceField(required=False, label=gettext_lazy("Department"))
    location = forms.ChoiceField(required=False, label=gettext_lazy("Location"))
    level = forms.IntegerField(
        required=False, min_value=1, max_value=20, label=gettext_lazy("Level")
    )
    role = forms.ChoiceField(
        required=False, choices=[("", ANY), *Role.choices], label=gettext_lazy("Role")
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        initial="active",
        choices=[
            ("active", pgettext_lazy("person status", "Active")),
            ("inactive", gettext_lazy("Left the organisation")),
            ("all", gettext_lazy("Everyone")),
        ],
    )
    login = forms.ChoiceField(
        label=gettext_lazy("Can sign in"),
        required=False,
        choices=[
            ("", ANY),
            ("yes", gettext_lazy("Yes")),
            ("invited", gettext_lazy("Invited, not yet")),
            ("no", gettext_lazy("No")),
        ],
    )
    in_circle = forms.ChoiceField(label=gettext_lazy("In a circle"), required=False, choices=YES_NO)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    def __init__(self, *args: Any, departments: list[str], locations: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, values in (("department", departments), ("location", locations)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", ANY), *((value, value) for value in values)]

    def filters(self) -> DirectoryFilters:
        """The valid filters; a field with a bad value is left out (its error is shown)."""
        data = self.cleaned_data if self.is_bound else {}
        valid = {name: value for name, value in data.items() if name not in self.errors}
        return DirectoryFilters(
            query=(valid.get("q") or "").strip(),
            department=valid.get("department") or "",
            location=valid.get("location") or "",
            level=valid.get("level"),
            role=valid.get("role") or "",
            status=valid.get("status") or "active",
            login=valid.get("login") or "",
            in_circle=valid.get("in_circle") or "",
            sort=valid.get("sort") or "name",
        )


def _list_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        help_text=gettext_lazy("Separate them with commas."),
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(max_length=200, label=gettext_lazy("Full name"))
    email = forms.EmailField(label=gettext_lazy("Work email"), max_length=254)
    employee_id = forms.CharField(label=gettext_lazy("Employee id"), required=False, max_length=64)
    department = forms.CharField(required=False, max_length=120, label=gettext_lazy("Department"))
    job_family = forms.CharField(
        label=gettext_lazy("Job family / role"), required=False, max_length=120
    )
    level = forms.IntegerField(min_value=1, max_value=20, initial=1, label=gettext_lazy("Level"))
    location = forms.CharField(required=False, max_length=120, label=gettext_lazy("Location"))
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, initial="UTC", label=gettext_lazy("Time zone")
    )
    work_starts_at = forms.TimeField(
        label=gettext_lazy("Working day starts"),
        initial=dt.time(9),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    work_ends_at = forms.TimeField(
        label=gettext_lazy("Working day ends"),
        initial=dt.time(17),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    start_date = BoundedDateField(
        label=gettext_lazy("Start date"), required=False, future=dt.timedelta(days=366)
    )
    manager = forms.CharField(
        label=gettext_lazy("Manager"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Their work email or employee id; leave empty for none."),
    )
    languages = _list_field(gettext_lazy("Languages"))
    development_interests = _list_field(gettext_lazy("Development interests"))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def clean_manager(self) -> Person | None:
        reference = self.cleaned_data.get("manager") or ""
        if not reference.strip():
            return None
        manager = person_by_reference(self.organisation_id, reference)
        if manager is None:
            raise forms.ValidationError(
                _("Nobody in the organisation has that email or employee id.")
            )
        return manager

    def clean_languages(self) -> list[str]:
        return _split(self.cleaned_data.get("languages") or "")

    def clean_development_interests(self) -> list[str]:
        return _split(self.cleaned_data.get("development_interests") or "")

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "full_name": person.full_name,
            "email": person.email,
            "employee_id": person.employee_id,
            "department": person.department,
            "job_family": person.job_family,
            "level": person.level,
            "location": person.location,
            "time_zone": person.time_zone,
            "work_starts_at": person.work_starts_at,
            "work_ends_at": person.work_ends_at,
            "start_date": person.start_date,
            "manager": person.manager.email if person.manager else "",
            "languages": ", ".join(person.languages),
            "development_interests": ", ".join(person.development_interests),
        }


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class NewPersonForm(PersonForm):
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER, label=gettext_lazy("Role"))
    invite = forms.BooleanField(
        label=gettext_lazy("Email them an invitation to choose a password"),
        required=False,
        initial=True,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Role"))


class LeadForm(forms.Form):
    programme = ListedChoiceField(
        queryset=Programme.objects.none(), empty_label=None, label=gettext_lazy("Programme")
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Programme.objects.filter(organisation_id=organisation_id).order_by("name")


class InviteForm(forms.Form):
    """Who to invite: ticked people, or everyone the current filter shows without a login."""

    people = IdListField(limit=1000)
    everyone_matching = forms.BooleanField(required=False)
