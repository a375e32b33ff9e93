"""The world the authorisation matrix visits: every persona the outside probe used, and one
record of every kind an address can name, with confidential markers planted in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from circles.accounts.models import User
from circles.api.tokens import api_token_create
from circles.feedback.services import questionnaire_open
from circles.formation import services as formation
from circles.groups.charter.services import expectations_write
from circles.groups.models import Membership
from circles.groups.services import membership_end
from circles.growth.commitments.services import commitment_create, transfer_check_schedule
from circles.growth.models import Commitment
from circles.growth.plans.services import goal_create, plan_update
from circles.lib.events import MEETING_MOVED
from circles.library.models import Kind, LibraryItem, TemplateAdoption
from circles.library.services import library_item_create, library_template_adopt
from circles.library.stories import services as stories
from circles.library.stories.tokens import story_link_token
from circles.meetings.agenda.services import agenda_template_create
from circles.meetings.calendar.services import calendar_token_create
from circles.meetings.record.services import note_add
from circles.meetings.runner import services as runner
from circles.networks import services as networks
from circles.notify.emails import unsubscribe_token
from circles.notify.models import ChatChannel
from circles.orgs.models import Role
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE, World, make_person
from circles.webhooks.models import Delivery, Endpoint
from circles.webhooks.models import Event as WebhookEvent

SECRET_QUESTION = "What would you say if nobody from HR were listening?"
SECRET_EXPECTATION = "I hope to find courage to talk about my burnout"
SECRET_PLAN = "Private plan: move to another team before spring"
SECRET_GOAL = "Private goal: stop covering for my manager"
# What only circle A's accepted members may read, and what only its owner (the member) may.
CIRCLE_MARKERS = (SECRET_CASE, SECRET_NOTE, SECRET_ACTION, SECRET_QUESTION, SECRET_EXPECTATION)
OWNER_MARKERS = (SECRET_PLAN, SECRET_GOAL)

PERSONAS = (
    "member",
    "facilitator",
    "not_accepted",
    "left",
    "outsider",
    "lead",
    "admin",
    "other_admin",
    "other_member",
    "operator",
    "anonymous",
)
CIRCLE_READERS = frozenset({"member", "facilitator"})


@dataclass
class Probe:
    world: World
    people: dict[str, Any]
    ids: dict[str, Any] = field(default_factory=dict)


def build_probe(world: World) -> Probe:
    org = world.org
    not_accepted = make_person(org, "Nadia Notyet")
    left = make_person(org, "Leo Left")
    Membership.objects.bulk_create(
        [
            Membership(circle=world.circle, person=not_accepted, joined_on=timezone.localdate()),
            Membership(
                circle=world.circle,
                person=left,
                joined_on=timezone.localdate() - dt.timedelta(days=60),
                ground_rules_accepted_at=timezone.now() - dt.timedelta(days=60),
            ),
        ]
    )
    # What the leaver wrote while a member stays with the circle; they no longer read it.
    commitment_create(
        meeting=world.past_meeting,
        owner=left,
        recorded_by=left,
        action=SECRET_ACTION + " (the leaver's own)",
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    membership_end(membership=Membership.objects.get(circle=world.circle, person=left))
    other_member = make_person(world.other_admin.organisation, "Omar Othermember")
    operator = User.objects.create_user(email="ops@probe.example", password="x-long-password")
    operator.is_staff = True
    operator.save()

    question = runner.question_ask(case=world.case, asked_by=world.member, text=SECRET_QUESTION)
    note = note_add(meeting=world.next_meeting, author=world.member, body=SECRET_NOTE + " again")
    expectations_write(circle=world.circle, person=world.member, text=SECRET_EXPECTATION)
    plan_update(owner=world.member, summary=SECRET_PLAN)
    goal = goal_create(owner=world.member, title=SECRET_GOAL)
    open_commitment = commitment_create(
        meeting=world.next_meeting,
        owner=world.member,
        recorded_by=world.member,
        action=SECRET_ACTION + " (still open)",
        due_on=timezone.localdate() + dt.timedelta(days=20),
    )
    check = transfer_check_schedule(commitment=world.commitment)
    template = agenda_template_create(programme=world.programme, name="Probe agenda")
    run = formation.formation_start(
        programme=world.programme,
        started_by=world.lead,
        people=formation.participants(world.programme).filter(role=Role.MEMBER),
        options={"seconds": 1, "min_size": 2, "max_size": 8, "meet_within_hours": False},
    )
    questionnaire = questionnaire_open(programme=world.programme, opened_by=world.lead)
    feed = calendar_token_create(person=world.member)
    endpoint = Endpoint.objects.create(
        organisation=org,
        url="https://hooks.probe.example/circles",
        events=[MEETING_MOVED],
        secret="ccwhsec_probe",
        created_by=world.admin,
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=WebhookEvent.objects.create(organisation=org, name=MEETING_MOVED, data={}),
    )
    channel = ChatChannel.objects.create(
        organisation=org,
        service=ChatChannel.Service.SLACK,
        label="#aspen",
        webhook_url="https://hooks.slack.com/services/probe",
        circle=world.circle,
        kinds=["meeting"],
    )
    api_token, _secret = api_token_create(
        created_by=world.member, name="Probe", scope="read", expires_in_days=30
    )
    library = _library(world)
    return Probe(
        world=world,
        people={
            "member": world.member,
            "facilitator": world.facilitator,
            "not_accepted": not_accepted,
            "left": left,
            "outsider": world.outsider,
            "lead": world.lead,
            "admin": world.admin,
            "other_admin": world.other_admin,
            "other_member": other_member,
            "operator": operator,
            "anonymous": None,
        },
        ids={
            "question": question.pk,
            "note": note.pk,
            "goal": goal.pk,
            "open_commitment": open_commitment.pk,
            "commitment": world.commitment.pk,
            "check": check.pk,
            "template": template.pk,
            "run": run.pk,
            "questionnaire": questionnaire.pk,
            "feed": feed,
            "api_token": api_token.pk,
            "endpoint": endpoint.pk,
            "delivery": delivery.pk,
            "channel": channel.pk,
            "unsubscribe": unsubscribe_token(world.member.pk, "all"),
            "leaver_commitment": Commitment.objects.get(owner=left).pk,
            **library,
        },
    )


def _library(world: World) -> dict[str, Any]:
    """A published article, a story waiting for the facilitator's consent, a published story,
    and a template adopted by the programme whose origin changed since."""
    article = library_item_create(
        author=world.lead, kind=Kind.ARTICLE, title="Probe article", body="Listen", publish=True
    )
    waiting = stories.story_create(
        author=world.member, title="Probe story", body="It went well", named=[world.facilitator]
    )
    stories.story_submit(item=waiting, author=world.member)
    published = stories.story_create(author=world.member, title="Told", body="It helped")
    stories.story_submit(item=published, author=world.member)
    template = LibraryItem.objects.filter(organisation=world.org, kind=Kind.TEMPLATE).first()
    assert template is not None
    adoption = library_template_adopt(
        item=template, programme=world.programme, adopted_by=world.lead
    )
    TemplateAdoption.objects.filter(pk=adoption.pk).update(
        origin_updated_at=adoption.origin_updated_at - dt.timedelta(days=1)
    )
    consent = waiting.story.consents.get()
    network = networks.network_create(by=world.admin, name="Probe network")
    networks.network_update(
        network=network,
        by=world.admin,
        name="Probe network",
        description="",
        circle_ids=[world.circle.pk],
        lead_ids=[world.lead.pk],
    )
    return {
        "network": network.pk,
        "article": article.pk,
        "story": waiting.pk,
        "published_story": published.pk,
        "template_item": template.pk,
        "adoption": adoption.pk,
        "story_link": story_link_token("consent", consent.pk, world.facilitator.pk),
    }


def sign_in(client: Any, probe: Probe, persona: str) -> Any:
    client.logout()
    person = probe.people[persona]
    if person is None:
        return client
    user = person if isinstance(person, User) else person.user
    client.force_login(user)
    return client
