"""A secret word written, through the services, into every kind of confidential text."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from circles.feedback import services as feedback
from circles.groups.charter.services import expectations_write
from circles.growth.commitments.services import (
    check_in_record,
    commitment_create,
    commitment_follow_up,
    transfer_check_answer,
)
from circles.growth.models import LearningTransferCheck, Outcome
from circles.growth.plans.services import goal_create, plan_update
from circles.meetings.models import Attendance, Case, Meeting
from circles.meetings.record.services import case_record, note_add
from circles.meetings.runner.services import question_ask
from circles.meetings.schedule.services import meeting_cancel
from circles.notify.chat.services import chat_channel_create
from circles.security import keyring
from circles.testing import World, build_world
from circles.webhooks.services import endpoint_create

WORD = "Quokkazanzibar"


def plant_the_word_everywhere() -> World:
    world = build_world()
    member, facilitator = world.member, world.facilitator
    case = case_record(
        meeting=world.next_meeting,
        giver=world.peer,
        recorded_by=facilitator,
        kind=Case.Kind.SITUATION,
        title=f"{WORD} title",
        situation=f"{WORD} situation",
        help_wanted=f"{WORD} help wanted",
    )
    question_ask(case=case, asked_by=member, text=f"What would {WORD} say?")
    note_add(meeting=world.past_meeting, author=facilitator, body=f"{WORD} in a note")
    commitment = commitment_create(
        meeting=world.past_meeting,
        owner=member,
        recorded_by=facilitator,
        action=f"Talk to {WORD}",
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    check_in_record(commitment=commitment, author=member, update=f"{WORD} so far", percent=50)
    commitment_follow_up(
        commitment=commitment,
        recorded_by=facilitator,
        outcome=Outcome.DONE,
        reflection=f"{WORD} reflection",
    )
    transfer_check_answer(
        check=LearningTransferCheck.objects.get(commitment=commitment),
        owner=member,
        applied=True,
        how=f"{WORD} how",
        effect=f"{WORD} effect",
    )
    plan_update(owner=member, summary=f"{WORD} plan")
    goal_create(owner=member, title=f"{WORD} goal", skills=f"{WORD} skills", evidence=WORD)
    expectations_write(circle=world.circle, person=member, text=f"{WORD} expectations")
    meeting_cancel(meeting=world.other_meeting, cancelled_by=world.outsider, reason=WORD)

    held = world.past_meeting
    Attendance.objects.filter(meeting=held).update(status=Attendance.Status.ATTENDED)
    Meeting.objects.filter(pk=held.pk).update(
        status=Meeting.Status.HELD, starts_at=timezone.now() - dt.timedelta(days=2)
    )
    held.refresh_from_db()
    feedback.rating_record(
        meeting=held,
        giver=member,
        specific=4,
        observable=4,
        impact=4,
        actionable=4,
        comment=f"{WORD} comment",
    )
    questionnaire = feedback.questionnaire_open(programme=world.programme, opened_by=world.lead)
    feedback.questionnaire_answer(
        questionnaire=questionnaire,
        person=member,
        usefulness=4,
        barriers=[],
        what_to_change=f"{WORD} change",
        anything_else=f"{WORD} else",
    )
    _plant_in_integrations(world)
    return world


@override_settings(CIRCLES_OUTBOUND_ALLOW_PRIVATE=True)
def _plant_in_integrations(world: World) -> None:
    # Addresses and signing secrets of integrations are credentials: stored like the content.
    chat_channel_create(
        created_by=world.admin,
        service="slack",
        label="Team channel",
        webhook_url=f"https://hooks.slack.com/services/{WORD}",
        kinds=["meeting"],
        circle=world.circle,
    )
    endpoint, _ = endpoint_create(
        created_by=world.admin, url="https://hooks.example.com/in", events=["meeting.held"]
    )
    endpoint.secret = f"whsec_{WORD}"
    endpoint.save(update_fields=["secret"])


def fields_without_the_word() -> list[str]:
    """Confidential fields (all of them, found by type) where no row holds the word."""
    missing = []
    for columns in keyring.confidential_columns():
        for column in columns.fields:
            values = columns.model._base_manager.values_list(column.attname, flat=True)
            if not any(WORD in (value or "") for value in values):
                missing.append(f"{columns.label}.{column.name}")
    return missing


def main() -> None:
    """Plant the word in a fresh file database (Django set up by the caller, on that file)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    plant_the_word_everywhere()
    missing = fields_without_the_word()
    assert not missing, missing
    print("planted")
