"""Pulses, feedback ratings, the once-only prompt and the anonymous pilot questionnaire."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from circles.feedback import services
from circles.feedback.models import (
    FeedbackRating,
    Pulse,
    QuestionnaireAnswer,
    QuestionnaireRespondent,
)
from circles.feedback.selectors import pulses_due_for, questionnaire_results
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Meeting

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]


@pytest.fixture
def held(world):
    meeting = world.past_meeting
    Attendance.objects.filter(meeting=meeting).update(status=Attendance.Status.ATTENDED)
    # Held two days ago: well inside the two weeks the pulse is asked for.
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD, starts_at=timezone.now() - dt.timedelta(days=2)
    )
    meeting.refresh_from_db()
    return meeting


def test_an_attendee_answers_the_pulse_once(world, held):
    services.pulse_record(meeting=held, person=world.facilitator, safety=4, usefulness=5)
    with pytest.raises(DomainError):
        services.pulse_record(meeting=held, person=world.facilitator, safety=1, usefulness=1)
    assert Pulse.objects.get().safety == 4


@pytest.mark.parametrize(("safety", "usefulness"), [(0, 3), (3, 6), (-1, 2)])
def test_values_off_the_scale_are_refused_and_nothing_is_written(world, held, safety, usefulness):
    with pytest.raises(DomainError):
        services.pulse_record(
            meeting=held, person=world.member, safety=safety, usefulness=usefulness
        )
    assert not Pulse.objects.exists()


def test_a_scheduled_meeting_or_an_absentee_gives_no_pulse(world, held):
    with pytest.raises(DomainError):
        services.pulse_record(
            meeting=world.next_meeting, person=world.member, safety=3, usefulness=3
        )
    Attendance.objects.filter(meeting=held, person=world.peer).update(status="absent")
    with pytest.raises(DomainError):
        services.pulse_record(meeting=held, person=world.peer, safety=3, usefulness=3)
    assert not Pulse.objects.exists()


def test_only_the_case_giver_rates_the_feedback(world, held):
    with pytest.raises(DomainError):
        services.rating_record(
            meeting=held, giver=world.facilitator, specific=4, observable=4, impact=4, actionable=4
        )
    rating = services.rating_record(
        meeting=held,
        giver=world.member,
        specific=5,
        observable=4,
        impact=3,
        actionable=4,
        comment="The questions were the useful part.",
    )
    assert rating.score == 4.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT comment FROM feedback_feedbackrating")
        assert "useful part" not in cursor.fetchone()[0]  # encrypted at rest


def test_the_prompt_asks_once_and_not_now_ends_it(world, held):
    assert list(pulses_due_for(world.member)) == [held]
    services.pulse_reminder_record(meeting=held, person=world.member)
    assert list(pulses_due_for(world.member, for_email=True)) == []
    assert list(pulses_due_for(world.member)) == [held]
    services.prompt_dismiss(meeting=held, person=world.member)
    assert list(pulses_due_for(world.member)) == []
    services.pulse_record(meeting=held, person=world.facilitator, safety=4, usefulness=4)
    assert list(pulses_due_for(world.facilitator)) == []
    assert list(pulses_due_for(world.outsider)) == []


def test_the_home_page_shows_the_prompt_after_a_held_meeting(world, held, login):
    body = login(world.member).get(reverse("home")).content.decode()
    assert reverse("meeting_feedback", args=[held.pk]) in body
    body = login(world.outsider).get(reverse("home")).content.decode()
    assert reverse("meeting_feedback", args=[held.pk]) not in body


def test_a_member_gives_pulse_and_rating_through_the_page(world, held, login):
    client = login(world.member)
    url = reverse("meeting_feedback", args=[held.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"pulse-safety": "9"})
    assert response.status_code == 400
    assert not Pulse.objects.exists()
    data = {"pulse-safety": "4", "pulse-usefulness": "5"}
    data |= {f"rating-{k}": "4" for k in ("specific", "observable", "impact", "actionable")}
    assert client.post(url, data).status_code == 302
    assert Pulse.objects.filter(person=world.member).exists()
    assert FeedbackRating.objects.filter(giver=world.member).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_feedback_pages_are_for_the_circles_members_only(world, held, login, persona):
    client = login(getattr(world, persona))
    expected = 200 if persona in {"member", "facilitator"} else 404
    assert client.get(reverse("meeting_feedback", args=[held.pk])).status_code == expected
    dismiss = client.post(reverse("meeting_feedback_dismiss", args=[held.pk]))
    assert dismiss.status_code == (302 if expected == 200 else 404)


# --- The pilot questionnaire -------------------------------------------------------------


def answer(questionnaire, person, usefulness=4, **extra):
    services.questionnaire_answer(
        questionnaire=questionnaire,
        person=person,
        usefulness=usefulness,
        barriers=extra.get("barriers", []),
        what_to_change=extra.get("what_to_change", ""),
    )


def test_answers_are_stored_without_a_link_to_the_person(world):
    questionnaire = services.questionnaire_open(programme=world.programme, opened_by=world.lead)
    answer(questionnaire, world.member, what_to_change="Start on time")
    fields = {f.name for f in QuestionnaireAnswer._meta.get_fields()}
    assert not fields & {"person", "created_at", "respondent"}
    assert QuestionnaireRespondent.objects.get().person == world.member
    assert not {f.name for f in QuestionnaireRespondent._meta.get_fields()} & {
        "answer",
        "usefulness",
    }
    with pytest.raises(DomainError):
        answer(questionnaire, world.member)
    assert QuestionnaireAnswer.objects.count() == 1


def test_only_people_of_the_programme_answer_and_only_while_open(world):
    questionnaire = services.questionnaire_open(programme=world.programme, opened_by=world.lead)
    with pytest.raises(DomainError):
        answer(questionnaire, world.lead)
    with pytest.raises(DomainError):
        answer(questionnaire, world.member, barriers=["not-a-barrier"])
    services.questionnaire_close(questionnaire=questionnaire)
    questionnaire.refresh_from_db()
    with pytest.raises(DomainError):
        answer(questionnaire, world.member)
    assert not QuestionnaireAnswer.objects.exists()
    assert not QuestionnaireRespondent.objects.exists()


def test_results_show_only_after_closing_and_over_enough_people(world):
    from circles.testing import make_circle, make_person

    people = [make_person(world.org) for _ in range(5)]
    make_circle(world.programme, people)
    questionnaire = services.questionnaire_open(programme=world.programme, opened_by=world.lead)
    for index, person in enumerate(people[:4]):
        answer(questionnaire, person, usefulness=2 + index % 3, what_to_change=f"idea {index}")
    assert not questionnaire_results(questionnaire, threshold=5).visible
    answer(questionnaire, people[4], usefulness=5, what_to_change="my own words")
    # Still open: a lead watching the figures change could read the last answer.
    assert not questionnaire_results(questionnaire, threshold=5).visible
    closed = services.questionnaire_close(questionnaire=questionnaire)
    results = questionnaire_results(closed, threshold=5)
    assert results.visible
    assert results.respondents == 5
    assert sorted(results.what_to_change) == sorted(
        ["idea 0", "idea 1", "idea 2", "idea 3", "my own words"]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_running_the_questionnaire_is_for_leads_and_admins(world, login, persona):
    client = login(getattr(world, persona))
    url = reverse("questionnaire_toggle", args=[world.programme.pk])
    expected = 302 if persona in {"lead", "admin"} else 404
    assert client.post(url).status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_answering_is_for_people_of_the_programme(world, login, persona):
    questionnaire = services.questionnaire_open(programme=world.programme, opened_by=world.lead)
    client = login(getattr(world, persona))
    url = reverse("questionnaire_answer", args=[questionnaire.pk])
    expected = 200 if persona in {"member", "facilitator", "outsider"} else 404
    assert client.get(url).status_code == expected
    if expected == 200:
        assert client.post(url, {"usefulness": "4"}).status_code == 302
        assert client.post(url, {"usefulness": "4"}).status_code == 400
    assert QuestionnaireAnswer.objects.count() == (1 if expected == 200 else 0)
