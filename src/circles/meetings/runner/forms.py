"""Forms of the meeting runner: one small form per action, each posting on its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from circles.lib.fields import RecordChoicesField
from circles.meetings.models import Case
from circles.orgs.models import Person


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[
            ("next", pgettext_lazy("agenda step", "Next")),
            ("previous", pgettext_lazy("agenda step", "Previous")),
        ]
    )
    # The version the screen showed: a second press of "next" from an older screen is refused.
    version = forms.IntegerField(required=False, min_value=0)


class PersonForm(forms.Form):
    person = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(
        choices=[
            ("earlier", gettext_lazy("Move earlier")),
            ("spoken", gettext_lazy("Has spoken")),
        ]
    )


class QuestionForm(forms.Form):
    case = forms.ChoiceField(label=gettext_lazy("For the case of"), choices=())
    text = forms.CharField(
        max_length=1000,
        label=gettext_lazy("Your question"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("An open question: how, what, what if… No advice."),
    )

    def __init__(self, *args: Any, cases: Sequence[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [  # type: ignore[attr-defined]
            # Translators: a case in a list, e.g. "Ana Silva: Handing over my team".
            (
                case.pk,
                _("%(giver)s: %(title)s") % {"giver": case.giver.full_name, "title": case.title},
            )
            for case in cases
        ]


class ClientsForm(forms.Form):
    clients = RecordChoicesField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Who brings a case, for steps repeated per client"),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clients"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]


class ChooseAgendaForm(forms.Form):
    template = forms.IntegerField(min_value=1)
