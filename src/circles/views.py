"""The member's home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from circles.enrolment.selectors import cards_for
from circles.growth.commitments.selectors import open_commitments_of
from circles.lib.http import current_person, person_required
from circles.meetings.record.preparation import cases_to_prepare
from circles.meetings.selectors import circles_with_next_meeting
from circles.orgs.selectors import can_manage_programmes, programme_list
from circles.training.selectors import facilitator_guide


@person_required
def home(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    commitments = list(open_commitments_of(person)[:50])
    programmes = list(programme_list(person)[:20]) if can_manage_programmes(person) else []
    circles = circles_with_next_meeting(person)
    return render(
        request,
        "home.html",
        {
            "person": person,
            "circles": circles,
            "facilitator_guide": facilitator_guide(person, [c.next_meeting for c in circles]),
            "commitments": commitments,
            "programmes": programmes,
            "cases_to_prepare": cases_to_prepare(person),
            "enrolment_cards": cards_for(person),
        },
    )
