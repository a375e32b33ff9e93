from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from circles.lib.fields import IdListField
from circles.orgs.models import Programme
from circles.orgs.people.selectors import attribute_values

from .inputs import ATTRIBUTES

WEIGHT_CHOICES = [
    # Translators: how much circles should mix people who differ on an attribute.
    (0.0, pgettext_lazy("mixing weight", "Ignore")),
    (0.5, pgettext_lazy("mixing weight", "A little")),
    (1.0, pgettext_lazy("mixing weight", "Mix")),
    (2.0, pgettext_lazy("mixing weight", "Mix strongly")),
]


class FormationForm(forms.Form):
    """What a lead chooses before forming circles: who takes part, what to mix, which rules."""

    participants = forms.ChoiceField(
        required=False,
        choices=[("everyone", _("Everyone active in the organisation"))],
        initial="everyone",
        widget=forms.RadioSelect,
        label=_("Who is in the pool"),
        help_text=_("The choices below narrow the pool further."),
    )
    departments = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Departments taking part"),
        help_text=_("Leave all unticked for everyone."),
    )
    locations = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Locations taking part"),
        help_text=_("Leave all unticked for everyone."),
    )
    min_level = forms.IntegerField(
        required=False, min_value=1, max_value=20, label=_("Lowest level")
    )
    max_level = forms.IntegerField(
        required=False, min_value=1, max_value=20, label=_("Highest level")
    )
    exclude_current_members = forms.BooleanField(
        required=False,
        label=_("Leave out people already in a circle of this programme"),
    )
    min_size = forms.IntegerField(min_value=2, max_value=20, label=_("Smallest circle"))
    max_size = forms.IntegerField(min_value=2, max_value=20, label=_("Largest circle"))
    keep_managers_apart = forms.BooleanField(
        required=False, initial=True, label=_("Never put a manager with a direct report")
    )
    skip_level_apart = forms.BooleanField(
        required=False, label=_("Never put someone with their manager's manager (skip-level)")
    )
    peers_apart = forms.BooleanField(
        required=False, label=_("Never put two people with the same manager together")
    )
    location_quota_share = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        # xgettext:no-python-format
        label=_("Someone from every location with at least this share of people (%)"),
        # xgettext:no-python-format
        help_text=_("A rule: leave empty for none. 10 means every location of 10% or more."),
    )
    department_max = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=20,
        label=_("No more than this many from one department"),
        help_text=_("A rule: leave empty for no limit."),
    )
    stratify = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Each circle gets the organisation's share of these, ±1"),
        help_text=_("A rule, for example an even spread of locations."),
    )
    max_zone_hours = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=26,
        label=_("Largest time-zone difference inside a circle (hours)"),
        help_text=_("A rule: leave empty for no limit."),
    )
    balance = forms.BooleanField(
        required=False,
        label=_("Even out the mix between circles, so that no circle is much less mixed"),
    )
    waiting_list = forms.BooleanField(
        required=False,
        label=_("When the rules cannot place everyone, propose a waiting list instead of refusing"),
    )
    avoid_earlier_pairs = forms.BooleanField(
        required=False, initial=True, label=_("Avoid pairs who already met in an earlier circle")
    )
    no_lone_members = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Avoid leaving someone as the only one of a small group (for example a location)"),
    )
    match_interests = forms.BooleanField(
        required=False, label=_("Bring together people with shared development interests")
    )
    meet_within_hours = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Members can meet inside everyone's working hours (a rule, not a wish)"),
        help_text=_("Each circle shares at least one meeting's length of working time."),
    )
    min_overlap_hours = forms.IntegerField(
        min_value=0,
        max_value=8,
        initial=2,
        label=_("Shared working hours wanted (hours)"),
        help_text=_("Circles whose members' working days overlap less are penalised."),
    )
    seconds = forms.IntegerField(
        min_value=1,
        max_value=600,
        initial=5,
        label=_("Search time (seconds)"),
        help_text=_("Longer searches find slightly better mixes for large programmes."),
    )

    def __init__(
        self, *args: Any, programme: Programme, enrolled: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if enrolled is not None:
            self.fields["participants"].choices = [  # type: ignore[attr-defined]
                (
                    "enrolled",
                    gettext("People who enrolled in this programme (%(count)s)")
                    % {"count": enrolled},
                ),
                ("everyone", gettext("Everyone active in the organisation")),
            ]
        for name, field_name in (("department", "departments"), ("location", "locations")):
            values = attribute_values(programme.organisation_id, name, active_only=True)
            self.fields[field_name].choices = [(v, v) for v in values]  # type: ignore[attr-defined]
        self.fields["stratify"].choices = [  # type: ignore[attr-defined]
            (name, label) for name, (kind, label) in ATTRIBUTES.items() if kind == "categorical"
        ]
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
            self.add_error("max_size", gettext("The largest circle must be at least the smallest."))
        lo_level, hi_level = data.get("min_level"), data.get("max_level")
        if lo_level is not None and hi_level is not None and lo_level > hi_level:
            self.add_error("max_level", gettext("The highest level must be at least the lowest."))
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
            "meet_within_hours": data["meet_within_hours"],
            "seconds": data["seconds"],
            "skip_level_apart": data["skip_level_apart"],
            "peers_apart": data["peers_apart"],
            "max_zone_hours": data["max_zone_hours"],
            "balance": data["balance"],
            "waiting_list": data["waiting_list"],
            "quotas": self.quotas(),
        }

    def quotas(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        out: list[dict[str, Any]] = []
        if data.get("location_quota_share"):
            share = data["location_quota_share"] / 100
            out.append({"attribute": "location", "min_share": share, "at_least": 1})
        if data.get("department_max"):
            out.append({"attribute": "department", "at_most": data["department_max"]})
        out.extend({"attribute": name, "proportional": True} for name in data.get("stratify", []))
        return out

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "departments": data["departments"],
            "locations": data["locations"],
            "min_level": data["min_level"],
            "max_level": data["max_level"],
            "exclude_current_members": data["exclude_current_members"],
            "enrolled_only": data["participants"] == "enrolled",
        }


class MoveForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    to_circle = forms.IntegerField(min_value=0, label=_("Move to"))


class SwapForm(forms.Form):
    first = forms.IntegerField(label=_("Person"))
    second = forms.IntegerField(label=_("Swap with"))


class PairRuleForm(forms.Form):
    first = forms.IntegerField(label=_("Person"))
    second = forms.IntegerField(label=pgettext_lazy("the second of two people", "and"))
    rule = forms.ChoiceField(choices=[("together", _("Keep together")), ("apart", _("Keep apart"))])


class AdjustForm(forms.Form):
    """One adjustment of a proposal: which change, who is ticked, and where to."""

    action = forms.CharField(max_length=20)
    selected = IdListField(limit=100)
    to_circle = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
