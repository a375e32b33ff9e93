"""Forms of the meeting runner: one small form per action, each posting on its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from circles.lib.fields import RecordChoicesField
from circles.meetings.models import Case
from circles.orgs.models import Person


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("next", "Next"), ("previous", "Previous")])
    # The version the screen showed: a second press of "next" from an older screen is refused.
    version = forms.IntegerField(required=False, min_value=0)


class PersonForm(forms.Form):
    person = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("earlier", "Move earlier"), ("spoken", "Has spoken")])


class QuestionForm(forms.Form):
    case = forms.ChoiceField(label="For the case of", choices=())
    text = forms.CharField(
        max_length=1000,
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="An open question: how, what, what if… No advice.",
    )

    def __init__(self, *args: Any, cases: Sequence[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [  # type: ignore[attr-defined]
            (case.pk, f"{case.giver.full_name}: {case.title}") for case in cases
        ]


class ClientsForm(forms.Form):
    clients = RecordChoicesField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Who brings a case, for steps repeated per client",
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clients"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]


class ChooseAgendaForm(forms.Form):
    template = forms.IntegerField(min_value=1)
