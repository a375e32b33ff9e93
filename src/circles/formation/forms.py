from __future__ import annotations

from typing import Any

from django import forms

from circles.orgs.models import Person, Programme

from .inputs import ATTRIBUTES

WEIGHT_CHOICES = [
    (0.0, "Ignore"),
    (0.5, "A little"),
    (1.0, "Mix"),
    (2.0, "Mix strongly"),
]


class FormationForm(forms.Form):
    """What a lead chooses before forming circles: who takes part, what to mix, which rules."""

    departments = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Departments taking part",
        help_text="Leave all unticked for everyone.",
    )
    locations = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Locations taking part",
        help_text="Leave all unticked for everyone.",
    )
    min_level = forms.IntegerField(required=False, min_value=1, max_value=20, label="Lowest level")
    max_level = forms.IntegerField(required=False, min_value=1, max_value=20, label="Highest level")
    exclude_current_members = forms.BooleanField(
        required=False,
        label="Leave out people already in a circle of this programme",
    )
    min_size = forms.IntegerField(min_value=2, max_value=20, label="Smallest circle")
    max_size = forms.IntegerField(min_value=2, max_value=20, label="Largest circle")
    keep_managers_apart = forms.BooleanField(
        required=False, initial=True, label="Never put a manager with a direct report"
    )
    avoid_earlier_pairs = forms.BooleanField(
        required=False, initial=True, label="Avoid pairs who already met in an earlier circle"
    )
    no_lone_members = forms.BooleanField(
        required=False,
        initial=True,
        label="Avoid leaving someone as the only one of a small group (for example a location)",
    )
    match_interests = forms.BooleanField(
        required=False, label="Bring together people with shared development interests"
    )
    min_overlap_hours = forms.IntegerField(
        min_value=0,
        max_value=8,
        initial=2,
        label="Shared working hours wanted (hours)",
        help_text="Circles whose members' working days overlap less are penalised.",
    )
    seconds = forms.IntegerField(
        min_value=1,
        max_value=600,
        initial=5,
        label="Search time (seconds)",
        help_text="Longer searches find slightly better mixes for large programmes.",
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation_id=programme.organisation_id, is_active=True)
        for name, field_name in (("department", "departments"), ("location", "locations")):
            values = people.order_by(name).values_list(name, flat=True).distinct()
            self.fields[field_name].choices = [(v, v) for v in values if v]  # type: ignore[attr-defined]
        for name, (_kind, label) in ATTRIBUTES.items():
            self.fields[f"weight_{name}"] = forms.TypedChoiceField(
                choices=WEIGHT_CHOICES, coerce=float, label=label, initial=1.0
            )

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name in ATTRIBUTES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("max_size", "The largest circle must be at least the smallest.")
        lo_level, hi_level = data.get("min_level"), data.get("max_level")
        if lo_level is not None and hi_level is not None and lo_level > hi_level:
            self.add_error("max_level", "The highest level must be at least the lowest.")
        return data

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weights": {name: data[f"weight_{name}"] for name in ATTRIBUTES},
            "min_size": data["min_size"],
            "max_size": data["max_size"],
            "keep_managers_apart": data["keep_managers_apart"],
            "avoid_earlier_pairs": data["avoid_earlier_pairs"],
            "no_lone_members": data["no_lone_members"],
            "match_interests": data["match_interests"],
            "min_overlap_hours": data["min_overlap_hours"],
            "seconds": data["seconds"],
        }

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "departments": data["departments"],
            "locations": data["locations"],
            "min_level": data["min_level"],
            "max_level": data["max_level"],
            "exclude_current_members": data["exclude_current_members"],
        }


class MoveForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    to_circle = forms.IntegerField(min_value=0, label="Move to")


class SwapForm(forms.Form):
    first = forms.IntegerField(label="Person")
    second = forms.IntegerField(label="Swap with")


class PairRuleForm(forms.Form):
    first = forms.IntegerField(label="Person")
    second = forms.IntegerField(label="and")
    rule = forms.ChoiceField(choices=[("together", "Keep together"), ("apart", "Keep apart")])
