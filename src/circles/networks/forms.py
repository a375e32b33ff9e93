from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.groups.models import Circle
from circles.lib.fields import BoundedDateTimeField, RecordChoicesField
from circles.orgs.models import Person, Role

from .models import Network


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NetworkEditForm(NetworkForm):
    circles = RecordChoicesField(
        queryset=Circle.objects.none(),
        label=_("Circles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Circles of any programme that share the topic."),
    )
    leads = RecordChoicesField(
        queryset=Person.objects.none(),
        label=_("Leads"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: Network, may_choose_leads: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        circles = self.fields["circles"]
        assert isinstance(circles, RecordChoicesField)
        circles.queryset = (
            Circle.objects.filter(organisation_id=network.organisation_id)
            .exclude(status=Circle.Status.CLOSED)
            .select_related("programme")
            .order_by("programme__name", "name")
        )
        circles.label_from_instance = lambda c: f"{c.name} ({c.programme.name})"  # type: ignore[method-assign,assignment]
        if may_choose_leads:
            leads = self.fields["leads"]
            assert isinstance(leads, RecordChoicesField)
            leads.queryset = Person.objects.filter(
                organisation_id=network.organisation_id,
                is_active=True,
                role__in=[Role.LEAD, Role.ADMIN],
            ).order_by("full_name")
        else:
            del self.fields["leads"]


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = BoundedDateTimeField(
        # Translators: the label of the date and time an event begins.
        label=_("Starts"),
        past=dt.timedelta(days=1),
        future=dt.timedelta(days=730),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=2_000, required=False, widget=forms.Textarea
    )


class ShareForm(forms.Form):
    item = forms.IntegerField(label=_("Item"), min_value=1, max_value=2**63 - 1)
