"""Every write a circle, a programme or the directory takes, sent with valid data by every
persona who must not make it: the answer refuses, and nothing in the database changes.

Valid data matters: an empty form would be refused for being empty, and would prove nothing
about who may write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from circles.accounts.two_factor.services import two_factor_enable, two_factor_enrolment_new
from circles.formation.execution import formation_execute
from circles.formation.inputs import ATTRIBUTES
from circles.formation.models import FormationRun
from circles.groups.services import circle_create
from circles.meetings.record.services import case_record
from circles.meetings.runner import services as runner
from circles.testing import current_code, make_person, user_of
from circles.tests.authorization_world import PERSONAS, Probe, build_probe, sign_in

pytestmark = pytest.mark.django_db

# Tables whose rows a refused write must leave as they were. Logins change on every sign-in
# (last login), sessions and the once-only submission tokens are bookkeeping.
WATCHED_APPS = (
    "orgs",
    "circle_groups",
    "meetings",
    "growth",
    "feedback",
    "enrolment",
    "formation",
    "notify",
    "library",
    "onboarding",
    "networks",
    "training",
    "django_tasks_database",
    # API tokens, webhooks and chat channels.
    "api",
    "webhooks",
    # Sign-in lock-outs and two-factor devices.
    "axes",
    "otp_totp",
    "otp_static",
)


def snapshot() -> str:
    digest = hashlib.sha256()
    for config in WATCHED_APPS:
        for model in apps.get_app_config(config).get_models():
            for row in model._default_manager.order_by("pk").values():
                digest.update(repr(sorted(row.items())).encode())
    return digest.hexdigest()


Data = Callable[[Probe], tuple[dict[str, Any], dict[str, Any]]]  # (url kwargs, form data)
CIRCLE_WRITERS = frozenset({"member", "facilitator"})
MANAGERS = frozenset({"lead", "admin"})
ADMIN = frozenset({"admin"})
PEOPLE = frozenset(PERSONAS) - {"operator", "anonymous"}


def in_ten_days() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


def _meeting(p: Probe) -> dict[str, Any]:
    return {"meeting_id": p.world.next_meeting.pk}


def _circle(p: Probe) -> dict[str, Any]:
    return {"circle_id": p.world.circle.pk}


def _programme(p: Probe) -> dict[str, Any]:
    return {"programme_id": p.world.programme.pk}


def _person(p: Probe) -> dict[str, Any]:
    return {"person_id": p.world.member.pk}


def _item(p: Probe) -> dict[str, Any]:
    return {"item_id": p.ids["article"]}


def _network(p: Probe) -> dict[str, Any]:
    return {"network_id": p.ids["network"]}


def _story(p: Probe) -> dict[str, Any]:
    return {"item_id": p.ids["story"]}


def _run(p: Probe) -> dict[str, Any]:
    return {**_programme(p), "run_id": p.ids["run"]}


WRITES: dict[str, tuple[frozenset[str], Data]] = {
    # What a meeting records.
    "case_create": (
        CIRCLE_WRITERS,
        lambda p: (
            _meeting(p),
            {
                "giver": p.world.member.pk,
                "kind": "situation",
                "title": "Probe case",
                "situation": "Something happened",
                "help_wanted": "",
            },
        ),
    ),
    "note_create": (CIRCLE_WRITERS, lambda p: (_meeting(p), {"body": "Probe note"})),
    "attendance_update": (
        CIRCLE_WRITERS,
        lambda p: (_meeting(p), {"attended": [p.world.member.pk]}),
    ),
    "commitment_create": (
        CIRCLE_WRITERS,
        lambda p: (
            _meeting(p),
            {"owner": p.world.member.pk, "action": "Probe step", "due_on": in_ten_days()},
        ),
    ),
    "follow_up_create": (
        CIRCLE_WRITERS,
        lambda p: (
            {**_meeting(p), "commitment_id": p.ids["commitment"]},
            {
                f"fu{p.ids['commitment']}-outcome": "done",
                f"fu{p.ids['commitment']}-reflection": "Done",
            },
        ),
    ),
    "case_prepare": (
        CIRCLE_WRITERS,
        lambda p: (
            _meeting(p),
            {
                "kind": "situation",
                "title": "Prepared",
                "situation": "It matters",
                "help_wanted": "Questions about my part in it",
            },
        ),
    ),
    "case_giver_set": (CIRCLE_WRITERS, lambda p: (_meeting(p), {"giver": p.world.peer.pk})),
    "note_edit": (
        frozenset({"member"}),
        lambda p: ({"note_id": p.ids["note"]}, {"body": "Rewritten"}),
    ),
    "note_delete": (frozenset({"member"}), lambda p: ({"note_id": p.ids["note"]}, {})),
    "question_edit": (
        frozenset({"member"}),
        lambda p: ({"question_id": p.ids["question"]}, {"text": "Rewritten?"}),
    ),
    "question_delete": (frozenset({"member"}), lambda p: ({"question_id": p.ids["question"]}, {})),
    "commitment_edit": (
        frozenset({"member"}),
        lambda p: (
            {"commitment_id": p.ids["open_commitment"]},
            {"action": "Rewritten", "due_on": in_ten_days()},
        ),
    ),
    "commitment_delete": (
        frozenset({"member"}),
        lambda p: ({"commitment_id": p.ids["open_commitment"]}, {}),
    ),
    "check_in_create": (
        frozenset({"member"}),
        lambda p: (
            {"commitment_id": p.ids["open_commitment"]},
            {
                f"ci{p.ids['open_commitment']}-percent": 50,
                f"ci{p.ids['open_commitment']}-update": "Half way",
            },
        ),
    ),
    "commitment_goal_update": (
        frozenset({"member"}),
        lambda p: (
            {"commitment_id": p.ids["open_commitment"]},
            {f"g{p.ids['open_commitment']}-goal": p.ids["goal"]},
        ),
    ),
    # The runner (a run of the next meeting is under way; the start is tried on another).
    "meeting_runner_start": (
        CIRCLE_WRITERS,
        lambda p: ({"meeting_id": p.ids["unstarted"]}, {"early": "yes"}),
    ),
    "meeting_runner_move": (CIRCLE_WRITERS, lambda p: (_meeting(p), {"direction": "next"})),
    "meeting_runner_timer": (CIRCLE_WRITERS, lambda p: (_meeting(p), {})),
    "meeting_runner_order": (
        CIRCLE_WRITERS,
        lambda p: (_meeting(p), {"person": p.world.member.pk, "action": "spoken"}),
    ),
    "meeting_runner_clients": (
        CIRCLE_WRITERS,
        lambda p: (_meeting(p), {"clients": [p.world.peer.pk]}),
    ),
    "meeting_runner_question": (
        CIRCLE_WRITERS,
        lambda p: (_meeting(p), {"case": p.ids["next_case"], "text": "What if?"}),
    ),
    "meeting_runner_note": (CIRCLE_WRITERS, lambda p: (_meeting(p), {"body": "Runner note"})),
    "meeting_runner_case": (
        CIRCLE_WRITERS,
        lambda p: (
            _meeting(p),
            {
                "giver": p.world.peer.pk,
                "kind": "skill",
                "title": "Runner case",
                "situation": "Something",
                "help_wanted": "",
            },
        ),
    ),
    "meeting_runner_commitment": (
        CIRCLE_WRITERS,
        lambda p: (
            _meeting(p),
            {"owner": p.world.member.pk, "action": "Runner step", "due_on": in_ten_days()},
        ),
    ),
    "meeting_runner_follow_up": (
        CIRCLE_WRITERS,
        lambda p: (
            {**_meeting(p), "commitment_id": p.ids["commitment"]},
            {
                f"fu{p.ids['commitment']}-outcome": "partly",
                f"fu{p.ids['commitment']}-reflection": "Half",
            },
        ),
    ),
    "meeting_runner_attendance": (
        CIRCLE_WRITERS,
        lambda p: (_meeting(p), {"attended": [p.world.member.pk]}),
    ),
    "meeting_runner_finish": (CIRCLE_WRITERS, lambda p: (_meeting(p), {"confirm": "yes"})),
    # When and who.
    "circle_rhythm": (
        CIRCLE_WRITERS,
        lambda p: (
            _circle(p),
            {
                "cadence": "weekly",
                "meeting_weekday": "2",
                "meeting_time": "10:00",
                "time_zone": "Europe/Berlin",
                "first_meeting_on": in_ten_days(),
            },
        ),
    ),
    "meeting_move": (
        CIRCLE_WRITERS,
        lambda p: (
            _meeting(p),
            {
                "starts_at": (p.world.next_meeting.local_start + dt.timedelta(days=1)).strftime(
                    "%Y-%m-%dT%H:%M"
                )
            },
        ),
    ),
    "meeting_cancel": (
        frozenset({"facilitator"}),
        lambda p: ({"meeting_id": p.ids["unstarted"]}, {"reason": "Offsite", "confirm": "on"}),
    ),
    "meeting_decline": (CIRCLE_WRITERS, lambda p: (_meeting(p), {"declining": "yes"})),
    "role_swap": (
        CIRCLE_WRITERS,
        lambda p: (
            {"meeting_id": p.ids["unstarted"]},
            {"role": "facilitator", "to_person": p.world.member.pk},
        ),
    ),
    # The charter.
    "circle_charter_accept": (frozenset({"not_accepted"}), lambda p: (_circle(p), {})),
    "circle_charter_edit": (
        CIRCLE_WRITERS,
        lambda p: (_circle(p), {"purpose": "A new purpose", "own_rules": "Phones away"}),
    ),
    # Members write their own hopes for the circle, also before accepting its rules.
    "circle_charter_expectations": (
        CIRCLE_WRITERS | {"not_accepted"},
        lambda p: (_circle(p), {"expectations": "Rewritten hopes"}),
    ),
    # A programme, for its leads and the organisation's admins.
    "circle_create": (
        MANAGERS,
        lambda p: (
            _programme(p),
            {
                "name": "Probe circle",
                "time_zone": "UTC",
                "member_emails": f"{p.people['not_accepted'].email}\n{p.world.peer.email}",
            },
        ),
    ),
    "programme_invite": (MANAGERS, lambda p: (_programme(p), {})),
    "circle_members": (
        MANAGERS,
        lambda p: ({**_programme(p), **_circle(p)}, {"email": p.people["left"].email}),
    ),
    "circle_member_remove": (
        MANAGERS,
        lambda p: (
            {
                **_programme(p),
                **_circle(p),
                "membership_id": p.world.circle.memberships.get(
                    person=p.world.peer, left_on=None
                ).pk,
            },
            {"confirm": "yes"},
        ),
    ),
    "agenda_create": (MANAGERS, lambda p: (_programme(p), {"name": "Probe template"})),
    "agenda_choose": (MANAGERS, lambda p: (_programme(p), {"template": p.ids["template"]})),
    "formation_rerun": (MANAGERS, lambda p: (_run(p), {})),
    "formation_adjust": (
        MANAGERS,
        lambda p: (_run(p), {"action": "lock", "selected": [p.world.member.pk]}),
    ),
    "formation_new": (
        MANAGERS,
        lambda p: (
            _programme(p),
            {
                "participants": "everyone",
                "min_size": 2,
                "max_size": 8,
                "min_overlap_hours": 0,
                "seconds": 1,
                "location_quota_share": 10,
                "department_max": 8,
                "stratify": ["department"],
                "skip_level_apart": "on",
                "peers_apart": "on",
                "max_zone_hours": 24,
                "balance": "on",
                "waiting_list": "on",
                **{f"weight_{name}": "1.0" for name in ATTRIBUTES},
            },
        ),
    ),
    "questionnaire_toggle": (MANAGERS, lambda p: (_programme(p), {})),
    "enrolment_open": (MANAGERS, lambda p: (_programme(p), {"audience": "organisation"})),
    # The directory, for the organisation's admins.
    "person_role": (ADMIN, lambda p: (_person(p), {"role": "admin"})),
    "person_lead": (ADMIN, lambda p: (_person(p), {"programme": p.world.programme.pk})),
    "person_deactivate": (ADMIN, lambda p: (_person(p), {})),
    "person_sign_in_unlock": (ADMIN, lambda p: ({"person_id": p.ids["locked_out"]}, {})),
    "person_two_factor_reset": (ADMIN, lambda p: ({"person_id": p.ids["two_factor"]}, {})),
    "person_erase": (ADMIN, lambda p: (_person(p), {"confirmation": p.world.member.full_name})),
    "person_edit": (
        ADMIN,
        lambda p: (
            _person(p),
            {
                "full_name": "Renamed",
                "email": p.world.member.email,
                "level": 3,
                "time_zone": "UTC",
                "work_starts_at": "09:00",
                "work_ends_at": "17:00",
            },
        ),
    ),
    "people_invite": (MANAGERS, lambda p: ({}, {"people": [p.ids["newcomer"]]})),
    # Webhooks and chat channels: the organisation's admins; a video room: the circle's members.
    "webhook_detail": (
        ADMIN,
        lambda p: (
            {"endpoint_id": p.ids["endpoint"]},
            {"url": "https://hooks.probe.example/new", "events": ["meeting.held"]},
        ),
    ),
    "webhook_secret": (ADMIN, lambda p: ({"endpoint_id": p.ids["endpoint"]}, {})),
    "webhook_delete": (ADMIN, lambda p: ({"endpoint_id": p.ids["endpoint"]}, {"confirm": "yes"})),
    "webhook_replay": (
        ADMIN,
        lambda p: ({"endpoint_id": p.ids["endpoint"], "delivery_id": p.ids["delivery"]}, {}),
    ),
    "chat_channel_remove": (ADMIN, lambda p: ({"channel_id": p.ids["channel"]}, {})),
    "circle_video": (CIRCLE_WRITERS, lambda p: (_circle(p), {"action": "jitsi"})),
    # A token is revoked by its owner or an admin of its organisation.
    "api_token_revoke": (
        frozenset({"member", "admin"}),
        lambda p: ({"token_id": p.ids["api_token"]}, {}),
    ),
    # The library: curators write items; anyone writes their own story; the named answer.
    "library_item_new": (
        MANAGERS | {"other_admin"},
        lambda p: ({}, {"kind": "guide", "title": "Probe guide", "audience": "everyone"}),
    ),
    "library_item_edit": (
        MANAGERS,
        lambda p: (_item(p), {"title": "Renamed", "body": "New", "audience": "leads"}),
    ),
    "library_item_status": (MANAGERS, lambda p: (_item(p), {"status": "archived"})),
    "library_template_adopt": (
        MANAGERS,
        lambda p: ({"item_id": p.ids["template_item"]}, {"programme": p.world.programme.pk}),
    ),
    "library_adoption_seen": (
        MANAGERS,
        lambda p: ({"item_id": p.ids["template_item"], "adoption_id": p.ids["adoption"]}, {}),
    ),
    "story_new": (
        PEOPLE,
        lambda p: ({}, {"title": "Probe story", "body": "Something changed for me"}),
    ),
    "story_edit": (
        frozenset({"member"}),
        lambda p: (_story(p), {"title": "Probe story", "body": "Retold"}),
    ),
    "story_submit": (frozenset({"member"}), lambda p: (_story(p), {})),
    "story_withdraw": (frozenset({"member"}), lambda p: (_story(p), {})),
    "story_consent": (frozenset({"facilitator"}), lambda p: (_story(p), {"decision": "give"})),
    "onboarding_manage": (
        MANAGERS,
        lambda p: (_programme(p), {"window_days": 30, "every_days": 14}),
    ),
    "volunteer_settings": (PEOPLE, lambda p: ({}, {"hosting": "on"})),
    "training_step": (PEOPLE, lambda p: ({"step": "protocol"}, {"done": "on"})),
    "network_new": (ADMIN | {"other_admin"}, lambda p: ({}, {"name": "Probe topic"})),
    "network_edit": (
        MANAGERS,
        lambda p: (_network(p), {"name": "Renamed", "circles": [p.world.circle.pk]}),
    ),
    "network_event_new": (
        MANAGERS,
        lambda p: (_network(p), {"title": "Meet-up", "starts_at": in_ten_days() + "T10:00"}),
    ),
    "network_share": (MANAGERS, lambda p: (_network(p), {"item": p.ids["article"]})),
    "story_feature": (
        MANAGERS,
        lambda p: (
            {"item_id": p.ids["published_story"]},
            {"programme": p.world.programme.pk, "featured": "on"},
        ),
    ),
}


@pytest.fixture
def probe(world, settings) -> Probe:
    # Webhook addresses of the probe are not looked up in DNS (there is none in tests).
    settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE = True
    built = build_probe(world)
    world = built.world
    # A second upcoming meeting that has not started, for starting, cancelling and swapping.
    from circles.testing import schedule

    unstarted = schedule(world.circle, days=9, facilitator=world.facilitator)
    built.ids["unstarted"] = unstarted.pk
    built.ids["next_case"] = case_record(
        meeting=world.next_meeting,
        giver=world.peer,
        recorded_by=world.peer,
        kind="skill",
        title="Next case",
        situation="Something",
    ).pk
    runner.run_start(meeting=world.next_meeting, started_by=world.facilitator, early_ok=True)
    # Someone in a circle of the programme who was never invited, for the invitation writes.
    newcomer = make_person(world.org, "Nina Newcomer", login=False)
    circle_create(programme=world.programme, name="Cedar", members=[newcomer, world.peer])
    built.ids["newcomer"] = newcomer.pk
    # Someone locked out after wrong passwords, and someone with two-factor sign-in on.
    locked_out = make_person(world.org, "Lola Lockedout")
    AccessAttempt.objects.create(
        username=locked_out.email,
        ip_address="192.0.2.7",
        user_agent="probe",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
    built.ids["locked_out"] = locked_out.pk
    with_app = make_person(world.org, "Tom Twofactor")
    enrolment = two_factor_enrolment_new()
    two_factor_enable(user=user_of(with_app), enrolment=enrolment, code=current_code(enrolment.key))
    built.ids["two_factor"] = with_app.pk
    # A finished formation run, so that running it again is a real write.
    formation_execute(run=FormationRun.objects.get(pk=built.ids["run"]))
    return built


REFUSED = {302, 303, 400, 403, 404, 405, 409}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_valid_write_by_someone_who_may_not_make_it_changes_nothing(probe, client, name):
    writers, data = WRITES[name]
    kwargs, form = data(probe)
    url = reverse(name, kwargs=kwargs)
    before = snapshot()
    tried = 0
    for persona in PERSONAS:
        if persona in writers:
            continue
        sign_in(client, probe, persona)
        response = client.post(url, form)
        tried += 1
        assert response.status_code in REFUSED, (persona, response.status_code)
        assert snapshot() == before, f"{persona} changed something through {name}"
    assert tried == len(PERSONAS) - len(writers)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_the_same_write_by_someone_who_may_make_it_does_change_something(probe, client, name):
    """The other half: the data is valid, so the refusals above are about who asked."""
    writers, data = WRITES[name]
    kwargs, form = data(probe)
    before = snapshot()
    sign_in(client, probe, sorted(writers)[0])
    response = client.post(reverse(name, kwargs=kwargs), form)
    assert response.status_code in {200, 302, 303}, response.content.decode()[:3000]
    assert snapshot() != before, f"{name} by {sorted(writers)[0]} changed nothing"
