"""The audit log's filter bar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from circles.lib.fields import MAX_ID, BoundedDateField

from .models import Action
from .selectors import AuditFilters

# The log keeps at most a few years (CIRCLES_AUDIT_RETENTION_DAYS); dates before are empty.
LOOK_BACK = dt.timedelta(days=366 * 20)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", pgettext_lazy("any action", "Any")), *Action.choices],
    )
    actor = forms.CharField(label=gettext_lazy("Done by"), required=False, max_length=200)
    person = forms.CharField(label=gettext_lazy("About the person"), required=False, max_length=200)
    # From a person's page: exactly their events, whatever their name is now.
    person_id = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    date_from = BoundedDateField(
        label=pgettext_lazy("start of a date range", "From"),
        required=False,
        past=LOOK_BACK,
        future=dt.timedelta(days=1),
    )
    date_to = BoundedDateField(
        label=pgettext_lazy("end of a date range", "Until"),
        required=False,
        past=LOOK_BACK,
        future=dt.timedelta(days=1),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> AuditFilters:
        """The valid filters; a field with a bad value is left out (its error is shown)."""
        data = self.cleaned_data if self.is_bound else {}
        valid = {name: value for name, value in data.items() if name not in self.errors}
        return AuditFilters(
            action=valid.get("action") or "",
            actor=(valid.get("actor") or "").strip(),
            person=(valid.get("person") or "").strip(),
            person_id=valid.get("person_id"),
            date_from=valid.get("date_from"),
            date_to=valid.get("date_to"),
        )
