from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.lib.fields import ListedChoiceField, RecordChoicesField
from circles.meetings.models import Attendance, Case
from circles.orgs.models import Person


class MemberChoiceField(ListedChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class CaseForm(forms.Form):
    giver = MemberChoiceField(queryset=Person.objects.none(), label=_("Case giver"))
    kind = forms.ChoiceField(choices=Case.Kind.choices, label=_("What kind of case"))
    title = forms.CharField(max_length=200, label=_("Title"))
    situation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, label=_("Situation")
    )
    help_wanted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label=_("Help wanted from the circle"),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = members  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, label=_("Note")
    )


class QuestionEditForm(forms.Form):
    text = forms.CharField(
        max_length=1000, label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AttendanceForm(forms.Form):
    attended = RecordChoicesField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Who attended"),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]


class PreparedCaseForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Case.Kind.choices, widget=forms.RadioSelect, label=_("What will you bring")
    )
    title = forms.CharField(max_length=200, label=_("In a few words"))
    situation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        label=_("The situation"),
        help_text=_("What happened or what is at stake, who is involved, what you tried."),
    )
    help_wanted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label=_("The help you want from the circle"),
        help_text=_("For example: questions that help me see my part in it."),
    )


class CaseGiverForm(forms.Form):
    giver = MemberChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Who shares the case")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = members  # type: ignore[attr-defined]


def attended_initial(
    attendances: Iterable[Attendance], likely_present: Collection[int] = ()
) -> list[int]:
    """Who the attendance form shows ticked: what was saved, and only where nothing was saved
    yet, who is likely there. A saved "absent" is never ticked again by a reload."""
    return [
        a.person_id
        for a in attendances
        if a.status == Attendance.Status.ATTENDED
        or (a.status == Attendance.Status.EXPECTED and a.person_id in likely_present)
    ]
