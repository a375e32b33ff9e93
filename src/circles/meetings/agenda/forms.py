"""Forms for the agenda template pages of programme leads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.meetings.agenda.services import StepInput
from circles.meetings.models import LeadRole, RoundMode, StepKind


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))
    description = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Description"),
    )
    meeting_minutes = forms.IntegerField(
        min_value=15, max_value=240, label=_("Meeting length (minutes)")
    )
    planned_people = forms.IntegerField(
        min_value=2,
        max_value=20,
        label=_("People the timings assume"),
        help_text=_("Steps that go round every member take their minutes once per person."),
    )
    planned_clients = forms.IntegerField(
        min_value=1,
        max_value=20,
        label=_("Clients per meeting"),
        help_text=_("Steps repeated per client take their minutes once per client."),
    )


class StepForm(forms.Form):
    title = forms.CharField(max_length=120, label=_("Title"))
    # Translators: label of the choice of what kind of agenda step it is.
    kind = forms.ChoiceField(choices=StepKind.choices, initial=StepKind.OTHER, label=_("Kind"))
    minutes = forms.IntegerField(min_value=1, max_value=120, label=_("Minutes"))
    prompt = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        # Translators: what the person leading an agenda step says or asks.
        label=_("Prompt"),
        help_text=_("What the person leading the step says or asks."),
    )
    # Initial values match what a browser submits for the untouched spare form, so that an
    # empty spare step counts as unchanged and is skipped rather than refused.
    lead_role = forms.ChoiceField(
        choices=LeadRole.choices, initial=LeadRole.FACILITATOR, label=_("Led by")
    )
    case_giver_silent = forms.BooleanField(
        required=False, label=_("The case giver listens in silence")
    )
    round_mode = forms.ChoiceField(
        choices=RoundMode.choices, initial=RoundMode.ONCE, label=_("Repeats")
    )

    def to_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            title=data["title"],
            minutes=data["minutes"],
            prompt=data["prompt"],
            kind=data["kind"],
            lead_role=data["lead_role"],
            case_giver_silent=data["case_giver_silent"],
            round_mode=data["round_mode"],
        )


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # The page's words: agenda_edit.js keeps "Position" in step with drag and the move
        # buttons and hides it; without JavaScript the lead types the positions.
        # Translators: the place of a step in the agenda (1, 2, 3…).
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].widget.attrs.update({"min": 1, "data-step-order": ""})
        form.fields["DELETE"].label = _("Remove this step")

    def steps(self) -> list[StepInput]:
        """The kept steps in the order the lead gave them (an empty extra form is skipped)."""
        kept: list[tuple[int, int, StepInput]] = []
        for index, form in enumerate(self.forms):
            # An untouched empty form (the spare one at the end) has no cleaned title.
            if not form.cleaned_data.get("title") or form.cleaned_data.get("DELETE"):
                continue
            order = form.cleaned_data.get("ORDER") or index + 1
            kept.append((order, index, form.to_input()))
        return [step for _, _, step in sorted(kept, key=lambda item: (item[0], item[1]))]


StepFormSet: Any = forms.formset_factory(
    StepForm,
    formset=BaseStepFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=30,
    validate_max=True,
)


class NewTemplateForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name of the new template"))


class CopyForm(forms.Form):
    template = forms.IntegerField(min_value=1)


class ChooseForm(forms.Form):
    template = forms.IntegerField(min_value=1)
