"""Forms of the import pages: the upload, the column mapping, the full-sync choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .mapping import DATE_ORDERS, FIELDS, suggest_time_zone
from .services import max_upload_bytes

NOT_IN_FILE = ("", gettext_lazy("— not in the file —"))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HR export (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Any delimiter; UTF-8 or your spreadsheet's own encoding. The header row may "
            "sit below a title."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.ms-excel,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    full_sync = forms.BooleanField(
        label=gettext_lazy("Full sync: deactivate people who are not in the file"),
        required=False,
        help_text=gettext_lazy(
            "They can no longer sign in and leave their circles. Leave it off to only add "
            "and update people."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            mb = max_upload_bytes() / 1024 / 1024
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": f"{mb:g}"}
            )
        return upload


class MappingForm(forms.Form):
    """One choice of column per field; a time zone per office when the file has none."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        mapping: dict[str, str],
        defaults: dict[str, Any],
        offices: list[str],
        examples: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        examples = examples or {}
        choices = [
            NOT_IN_FILE,
            *(
                (
                    h,
                    _("%(column)s (e.g. %(example)s)") % {"column": h, "example": examples[h]}
                    if examples.get(h)
                    else h,
                )
                for h in headers
            ),
        ]
        for name, label in FIELDS.items():
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=mapping.get(name, "")
            )
        self.fields["date_order"] = forms.ChoiceField(
            label=_("Dates written like 03/04/2025 are"),
            choices=list(DATE_ORDERS.items()),
            initial=defaults.get("date_order", "dmy"),
            help_text=_("Dates like 03.04.2025 are always day first; 2025-04-03 is unambiguous."),
        )
        zone_attrs = {"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        self.fields["time_zone"] = forms.CharField(
            label=_("Time zone for everyone else"),
            required=False,
            initial=defaults.get("time_zone", ""),
            help_text=_("Used when the file has no time zone column and an office has none below."),
            widget=forms.TextInput(attrs=zone_attrs),
        )
        remembered = {
            k.casefold(): v for k, v in (defaults.get("time_zone_by_location") or {}).items()
        }
        self.offices = offices
        for index, office in enumerate(offices):
            self.fields[f"office_{index}"] = forms.CharField(
                label=_("Time zone for %(office)s") % {"office": office},
                required=False,
                initial=remembered.get(office.casefold()) or suggest_time_zone(office),
                widget=forms.TextInput(attrs=zone_attrs),
            )

    def field_choices(self) -> list[forms.BoundField]:
        return [self[f"map_{name}"] for name in FIELDS]

    def office_fields(self) -> list[forms.BoundField]:
        return [self[f"office_{index}"] for index in range(len(self.offices))]

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"map_{name}"]
            for name in FIELDS
            if self.cleaned_data.get(f"map_{name}")
        }

    def defaults(self) -> dict[str, Any]:
        zones = {
            office: self.cleaned_data.get(f"office_{index}", "").strip()
            for index, office in enumerate(self.offices)
        }
        return {
            "date_order": self.cleaned_data["date_order"],
            "time_zone": self.cleaned_data.get("time_zone", "").strip(),
            "time_zone_by_location": {k: v for k, v in zones.items() if v},
        }


class FullSyncForm(forms.Form):
    full_sync = forms.BooleanField(
        label=gettext_lazy("Full sync: deactivate people who are not in the file"),
        required=False,
    )
