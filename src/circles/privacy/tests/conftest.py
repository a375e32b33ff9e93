"""A member with something in every place the product keeps personal data, for both rights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from circles.accounts.models import User
from circles.accounts.tasks import send_email
from circles.audit.context import Actor
from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.enrolment import services as enrolment
from circles.feedback.models import FeedbackRating, Pulse
from circles.formation.models import FormationRun
from circles.growth.commitments.services import (
    check_in_record,
    commitment_create,
    commitment_follow_up,
    transfer_check_answer,
    transfer_check_schedule,
)
from circles.growth.plans.services import goal_create, manager_share_set
from circles.lib import events
from circles.meetings.models import Attendance, Meeting
from circles.meetings.record.services import note_add
from circles.meetings.runner.services import question_ask
from circles.meetings.schedule.services import meeting_cancel
from circles.notify.models import ChatChannel, Kind, Reminder
from circles.notify.services import preferences_update
from circles.orgs.importing import services as importing
from circles.orgs.models import Invitation, PeopleImport, PeopleImportChange, Person
from circles.orgs.people.services import person_update
from circles.provisioning.models import ScimIdentity
from circles.testing import World, schedule
from circles.tests.authorization_world import Probe, build_probe
from circles.webhooks.models import Event as WebhookEvent

# Every text the member wrote carries this, so one search finds any that survived.
PLANTED = "PLANTED-"
IDENTIFIERS = ("EMP-MAYA-77", "EXT-MAYA-88", "Dept-Planted", "Loc-Planted", "Fam-Planted")
KEPT_QUESTION = "Fred asks: what did you try first?"


@dataclass
class Subject:
    world: World
    probe: Probe
    person: Person
    name: str
    email: str
    # Words that must be gone from the whole database after the erasure.
    needles: list[str] = field(default_factory=list)


def _fill(world: World, probe: Probe) -> None:
    member, past = world.member, world.past_meeting
    person_update(
        person=member,
        employee_id=IDENTIFIERS[0],
        external_id=IDENTIFIERS[1],
        department=IDENTIFIERS[2],
        location=IDENTIFIERS[3],
        job_family=IDENTIFIERS[4],
        languages=["PLANTED-language"],
        development_interests=["PLANTED-interest"],
        manager=world.lead,
    )
    member.refresh_from_db()
    person_update(person=world.peer, manager=member)
    # The past meeting was held with everyone there; the member gave pulse and rating.
    Meeting.objects.filter(pk=past.pk).update(status=Meeting.Status.HELD)
    Attendance.objects.filter(meeting=past).update(status=Attendance.Status.ATTENDED)
    Pulse.objects.create(
        organisation=world.org, meeting=past, person=member, safety=4, usefulness=5
    )
    Pulse.objects.create(
        organisation=world.org, meeting=past, person=world.facilitator, safety=2, usefulness=3
    )
    FeedbackRating.objects.create(
        organisation=world.org,
        meeting=past,
        giver=member,
        specific=4,
        observable=3,
        impact=5,
        actionable=4,
        comment="PLANTED-rating comment",
    )
    note_add(meeting=past, author=member, body="PLANTED-note the member took")
    question_ask(case=world.case, asked_by=member, text="PLANTED-question the member asked")
    question_ask(case=world.case, asked_by=world.facilitator, text=KEPT_QUESTION)
    own = commitment_create(
        meeting=past,
        owner=member,
        recorded_by=member,
        action="PLANTED-commitment action",
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    check_in_record(commitment=own, author=member, update="PLANTED-check-in", percent=40)
    commitment_follow_up(
        commitment=world.commitment,
        recorded_by=world.facilitator,
        outcome="done",
        reflection="PLANTED-reflection on the follow-up",
    )
    check = transfer_check_schedule(commitment=world.commitment)
    transfer_check_answer(
        check=check, owner=member, applied=True, how="PLANTED-how", effect="PLANTED-effect"
    )
    goal = goal_create(owner=member, title="PLANTED-goal shared with the manager")
    manager_share_set(owner=member, summary=True, goal_ids={goal.pk}, commitment_ids=set())
    cancelled = schedule(world.circle, days=10, facilitator=member)
    meeting_cancel(meeting=cancelled, cancelled_by=member, reason="PLANTED-cancel reason")
    enrolment.enrolment_configure(programme=world.programme, by=world.lead, audience="everyone")
    enrolment.enrolment_open(programme=world.programme, by=world.lead)
    enrolment.enrol(
        programme=world.programme,
        person=member,
        development_interests=["PLANTED-enrol-interest"],
        avoid=[world.outsider],
    )
    preferences_update(person=member, weekly_digest=False)
    Reminder.objects.create(
        kind=Kind.MEETING,
        object_id=past.pk,
        person=member,
        occasion="x",
        last_error=f"550 mailbox {member.email} unavailable",
    )
    Invitation.objects.create(
        organisation=world.org,
        person=member,
        invited_by=world.admin,
        first_sent_at=timezone.now(),
        last_sent_at=timezone.now(),
    )
    ScimIdentity.objects.create(
        organisation=world.org,
        person=member,
        user_name=member.email,
        user_name_key=member.email,
        attributes={"userName": member.email, "displayName": member.full_name},
    )
    # An applied import named the member; another person's change shows them as manager.
    applied = importing.import_upload(
        organisation=world.org,
        uploaded_by=world.admin,
        filename="hr.csv",
        content=b"Full Name,Work Email\nA,a@b.example\n",
    )
    PeopleImport.objects.filter(pk=applied.pk).update(
        status=PeopleImport.Status.APPLIED, content=b""
    )
    PeopleImportChange.objects.create(
        people_import=applied,
        kind="update",
        person=member,
        full_name=member.full_name,
        email=member.email,
        details={"department": ["Sales", IDENTIFIERS[2]]},
    )
    PeopleImportChange.objects.create(
        people_import=applied,
        kind="update",
        person=world.peer,
        full_name=world.peer.full_name,
        email=world.peer.email,
        details={"manager": ["—", member.full_name]},
    )
    # A file waiting to be applied, with the member's row in it.
    importing.import_upload(
        organisation=world.org,
        uploaded_by=world.admin,
        filename="next.csv",
        content=f"Full Name,Work Email\n{member.full_name},{member.email}\n".encode(),
    )
    # The library: their own story, a colleague's story naming them (consented), hosting new
    # colleagues, facilitator training, leading a network.
    from circles.library.stories import services as stories
    from circles.networks.models import Network
    from circles.onboarding.services import volunteer_opt_in
    from circles.training.services import training_step_complete

    own_story = stories.story_create(
        author=member, title="PLANTED-story", body="PLANTED-story text"
    )
    stories.story_submit(item=own_story, author=member)
    naming = stories.story_create(
        author=world.facilitator,
        title="Working with a colleague",
        body=f"{member.full_name} showed me how to listen.",
        named=[member],
    )
    stories.story_submit(item=naming, author=world.facilitator)
    consent = naming.story.consents.get()
    stories.story_consent_decide(consent=consent, person=member, give=True)
    volunteer_opt_in(person=member)
    training_step_complete(person=member, step="protocol")
    Network.objects.get(pk=probe.ids["network"]).leads.add(member)
    # A formation proposal whose warnings and message name the member.
    FormationRun.objects.filter(pk=probe.ids["run"]).update(
        message=f"2 people ({member.full_name}, Pat Peer) share too little time.",
        figures={"warnings": [f"{member.full_name} and Pat Peer must not share circle 1."]},
    )
    send_email.enqueue(
        subject="Reset", text=f"Hello {member.full_name}", html="", to=[member.email]
    )
    operator = User.objects.create_superuser(email="ops@example.com", password="x-long-password")
    LogEntry.objects.create(
        user=operator,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(member.pk),
        object_repr=member.full_name,
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Full name"]}}]',
    )
    # What the sign-in lock-out keeps of the address: attempts, failures, the sign-in log.
    seen = {"username": member.email, "ip_address": "10.7.7.7", "user_agent": "Firefox"}
    AccessAttempt.objects.create(**seen, failures_since_start=2, get_data="", post_data="")
    AccessFailureLog.objects.create(**seen, locked_out=False)
    AccessLog.objects.create(**seen)
    # A chat channel of their own, and a webhook event naming them.
    ChatChannel.objects.create(
        organisation=world.org,
        service=ChatChannel.Service.SLACK,
        label=f"@{member.full_name}",
        webhook_url="https://hooks.slack.com/services/PLANTED",
        person=member,
        kinds=[Kind.MEETING],
    )
    WebhookEvent.objects.create(
        organisation=world.org,
        name=events.MEMBER_JOINED,
        data=events.membership_event(
            events.MEMBER_JOINED, member.memberships.select_related("circle", "person").get()
        ).data,
    )
    audit_record(
        organisation_id=world.org.pk,
        action=Action.PERSON_VIEWED,
        target=member,
        actor=Actor.of_person(world.admin, "10.0.0.1"),
    )
    audit_record(
        organisation_id=world.org.pk,
        action=Action.DATA_DOWNLOADED,
        target=member,
        actor=Actor.of_person(member, "10.9.9.9"),
    )


@pytest.fixture
def subject(world: World) -> Subject:
    probe = build_probe(world)
    _fill(world, probe)
    member = Person.objects.get(pk=world.member.pk)
    from circles.testing import SECRET_CASE
    from circles.tests.authorization_world import (
        SECRET_EXPECTATION,
        SECRET_GOAL,
        SECRET_PLAN,
        SECRET_QUESTION,
    )

    return Subject(
        world=world,
        probe=probe,
        person=member,
        name=member.full_name,
        email=member.email,
        needles=[
            member.full_name,
            member.email,
            *IDENTIFIERS,
            PLANTED,
            SECRET_CASE,
            SECRET_QUESTION,
            SECRET_EXPECTATION,
            SECRET_PLAN,
            SECRET_GOAL,
            "10.9.9.9",
            "10.7.7.7",
            "It ended with both of us frustrated",
            "leaving the team again",
            "(still open)",
        ],
    )
