from __future__ import annotations

from typing import Any

from django import forms

from circles.orgs.models import Person

from .models import Case


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class CaseForm(forms.Form):
    giver = MemberChoiceField(queryset=Person.objects.none(), label="Case giver")
    kind = forms.ChoiceField(choices=Case.Kind.choices, label="What kind of case")
    title = forms.CharField(max_length=200, label="Title")
    situation = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    help_wanted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label="Help wanted from the circle",
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = members  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, label="Note")


class AttendanceForm(forms.Form):
    attended = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Who attended",
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]
