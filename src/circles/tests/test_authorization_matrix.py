"""Every address of the product, opened by every persona the outside probe used.

One row per named address says who may open it; the test visits each address as each persona,
checks the status, and checks that no planted confidential marker appears where the persona may
not read it. An address without a row fails the test, so a new page cannot skip the matrix.
Writes are tried in test_write_matrix.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from circles.orgs.importing.services import import_upload
from circles.tests.authorization_world import (
    CIRCLE_MARKERS,
    CIRCLE_READERS,
    OWNER_MARKERS,
    PERSONAS,
    Probe,
    build_probe,
    sign_in,
)

pytestmark = pytest.mark.django_db

SIGN_IN = "sign-in"  # a redirect to the sign-in page
NO_PROFILE = 403  # a login without a person: the page that explains it
PEOPLE = set(PERSONAS) - {"operator", "anonymous"}


def everyone(status: int) -> dict[str, Any]:
    return dict.fromkeys(PERSONAS, status)


def for_people(allowed: set[str], *, others: int = 404) -> dict[str, Any]:
    statuses: dict[str, Any] = {p: 200 if p in allowed else others for p in PEOPLE}
    return {**statuses, "operator": NO_PROFILE, "anonymous": SIGN_IN}


# Who may open what.
PUBLIC = everyone(200)
TOKEN = PUBLIC  # the address carries its own secret: the same for everyone signed in or not
OWN = for_people(PEOPLE)
CIRCLE_CONTENT = for_people(set(CIRCLE_READERS))
CIRCLE_PAGE = for_people({"member", "facilitator", "not_accepted"})
AUTHOR = for_people({"member"})
MANAGERS = for_people({"lead", "admin"})
ADMIN = for_people({"admin"})
# Pages without a record in the address: another organisation's admin opens their own.
MANAGERS_HERE = for_people({"lead", "admin", "other_admin"})
ADMIN_HERE = for_people({"admin", "other_admin"})
SIGNED_IN = {**dict.fromkeys(PEOPLE | {"operator"}, 200), "anonymous": SIGN_IN}
# A page for logins with two-factor sign-in on: nobody in this world has it, so it sends on.
SIGNED_IN_ELSEWHERE = {**dict.fromkeys(PEOPLE | {"operator"}, 302), "anonymous": SIGN_IN}


def form_only(**overrides: Any) -> dict[str, Any]:
    """An address that only takes a form: opened directly it sends to a page, never a 405."""
    return {**everyone(303), **overrides}


FORM_ONLY = form_only()
# A person-only form address: anonymous visitors are asked to sign in first.
FORM_ONLY_SIGNED_IN = form_only(anonymous=SIGN_IN)

Args = Callable[[Probe], dict[str, Any]]


def meeting(p: Probe) -> dict[str, Any]:
    return {"meeting_id": p.world.next_meeting.pk}


def circle(p: Probe) -> dict[str, Any]:
    return {"circle_id": p.world.circle.pk}


def programme(p: Probe) -> dict[str, Any]:
    return {"programme_id": p.world.programme.pk}


def membership(p: Probe) -> dict[str, Any]:
    peer = p.world.circle.memberships.get(person=p.world.peer, left_on=None)
    return {"membership_id": peer.pk}


def person(p: Probe) -> dict[str, Any]:
    return {"person_id": p.world.member.pk}


def run(p: Probe) -> dict[str, Any]:
    return {**programme(p), "run_id": p.ids["run"]}


def people_import(p: Probe) -> dict[str, Any]:
    return {"import_id": p.ids["import"]}


def item(p: Probe) -> dict[str, Any]:
    return {"item_id": p.ids["article"]}


def network(p: Probe) -> dict[str, Any]:
    return {"network_id": p.ids["network"]}


def story(p: Probe) -> dict[str, Any]:
    return {"item_id": p.ids["story"]}


# Everyone in the organisation reads its library's published items for everyone.
LIBRARY = for_people({"member", "facilitator", "not_accepted", "left", "outsider", "lead", "admin"})


def none(p: Probe) -> dict[str, Any]:
    return {}


ROWS: dict[str, tuple[dict[str, Any], Args]] = {
    # Signing in and the site itself.
    "home": (OWN, none),
    "healthz": (PUBLIC, none),
    # Public like healthz; not ready here, since no task worker ever ran in this world.
    "readyz": (everyone(503), none),
    "login": ({**dict.fromkeys(PEOPLE | {"operator"}, 302), "anonymous": 200}, none),
    "logout": (FORM_ONLY, none),
    "password_reset": (PUBLIC, none),
    "password_reset_done": (PUBLIC, none),
    "password_reset_confirm": (TOKEN, lambda p: {"uidb64": "MQ", "token": "no-such-token"}),
    "invitation_accept": (TOKEN, lambda p: {"uidb64": "MQ", "token": "no-such-token"}),
    "password_change": (SIGNED_IN, none),
    "password_change_done": (SIGNED_IN, none),
    # A login's own account: two-factor sign-in and its sessions.
    "account_settings": (SIGNED_IN, none),
    "sessions_end": (FORM_ONLY, none),
    # The language switch (anyone, signed in or not) and the language settings.
    "choose_language": (FORM_ONLY, none),
    "person_language": (FORM_ONLY, none),
    "organisation_language": (FORM_ONLY, none),
    "two_factor_verify": (SIGNED_IN_ELSEWHERE, none),
    "two_factor_setup": (SIGNED_IN, none),
    "two_factor_recovery": (SIGNED_IN_ELSEWHERE, none),
    "two_factor_recovery_download": (SIGNED_IN_ELSEWHERE, none),
    "two_factor_disable": (FORM_ONLY, none),
    # Single sign-on is not configured in tests: both addresses say so to everyone.
    "oidc_authentication_init": (everyone(404), none),
    "oidc_authentication_callback": (everyone(404), none),
    # SCIM answers to its own bearer tokens only (its matrix is in provisioning/tests).
    "scim_root": (everyone(401), none),
    "scim": (everyone(401), lambda p: {"path": "Users"}),
    # The organisation, its programmes and people.
    "organisation_sign_in": (ADMIN_HERE, none),
    "audit_log": (ADMIN_HERE, none),
    "audit_export": (ADMIN_HERE, none),
    "programme_index": (MANAGERS_HERE, none),
    "programme_create": (MANAGERS_HERE, none),
    "programme_detail": (MANAGERS, programme),
    "circle_create": (MANAGERS, programme),
    "programme_invite": (FORM_ONLY, programme),
    "circle_members": (MANAGERS, lambda p: {**programme(p), **circle(p)}),
    "circle_member_remove": (FORM_ONLY, lambda p: {**programme(p), **circle(p), **membership(p)}),
    "people_directory": (MANAGERS_HERE, none),
    "person_detail": (MANAGERS, person),
    "person_add": (ADMIN_HERE, none),
    "person_edit": (ADMIN, person),
    "person_deactivate": (ADMIN, person),
    "person_erase": (ADMIN, person),
    "person_reactivate": (FORM_ONLY, person),
    "person_role": (FORM_ONLY, person),
    "person_lead": (FORM_ONLY, person),
    "person_sign_in_unlock": (FORM_ONLY, person),
    "person_two_factor_reset": (FORM_ONLY, person),
    "people_invite": (FORM_ONLY, none),
    "people_import": (ADMIN_HERE, none),
    "people_import_detail": (ADMIN, people_import),
    "people_import_status": (ADMIN, people_import),
    "people_import_apply": (FORM_ONLY, people_import),
    "people_import_full_sync": (FORM_ONLY, people_import),
    "people_import_errors": (ADMIN, people_import),
    # Commitments and plans: the owner's own, through the boundary.
    "my_commitments": (OWN, none),
    "check_in_create": (FORM_ONLY, lambda p: {"commitment_id": p.ids["open_commitment"]}),
    "commitment_goal_update": (FORM_ONLY, lambda p: {"commitment_id": p.ids["open_commitment"]}),
    "circle_commitments": (CIRCLE_CONTENT, circle),
    "plan_detail": (OWN, none),
    "plan_update": (FORM_ONLY, none),
    "goal_create": (FORM_ONLY, none),
    "goal_edit": (AUTHOR, lambda p: {"goal_id": p.ids["goal"]}),
    "transfer_check_answer": (AUTHOR, lambda p: {"check_id": p.ids["check"]}),
    "career_share": (OWN, none),
    "career_export": (OWN, lambda p: {"fmt": "md"}),
    "shared_with_me": (OWN, none),
    "notify_preferences": (OWN, none),
    "my_data": (OWN, none),
    "my_data_download": (OWN, none),
    "notify_unsubscribe": (TOKEN, lambda p: {"token": p.ids["unsubscribe"]}),
    # Enrolment: not open in this world, so only the programme's managers see its page.
    "enrolment_manage": (MANAGERS, programme),
    "enrolment_open": (FORM_ONLY, programme),
    "enrolment_close": (FORM_ONLY, programme),
    "enrolment_link_renew": (FORM_ONLY, programme),
    "enrolment_invite": (MANAGERS, programme),
    "enrolment_page": (for_people(set()), programme),
    "enrolment_withdraw": (FORM_ONLY, programme),
    "enrolment_decline": (FORM_ONLY, programme),
    "enrolment_link": (
        {**everyone(404), "operator": NO_PROFILE, "anonymous": SIGN_IN},
        lambda p: {"token": "nope"},
    ),
    # Forming circles.
    "formation_new": (MANAGERS, programme),
    "formation_detail": (MANAGERS, run),
    "formation_status": (MANAGERS, run),
    "formation_adjust": (FORM_ONLY, run),
    "formation_rerun": (FORM_ONLY, run),
    "formation_publish": (FORM_ONLY, run),
    # Feedback and outcomes.
    "meeting_feedback": (CIRCLE_CONTENT, meeting),
    "meeting_feedback_dismiss": (FORM_ONLY, meeting),
    "questionnaire_answer": (
        # The pilot questionnaire is for everyone in the programme's circles (it holds no
        # circle content), so a member who has not accepted a circle's rules answers it too.
        for_people({"member", "facilitator", "not_accepted", "outsider"}),
        lambda p: {"questionnaire_id": p.ids["questionnaire"]},
    ),
    "questionnaire_manage": (MANAGERS, programme),
    "questionnaire_toggle": (FORM_ONLY, programme),
    "insights_index": (OWN, none),
    "insights_dashboard": (MANAGERS, programme),
    "insights_export": (MANAGERS, lambda p: {**programme(p), "fmt": "csv"}),
    "insights_circle": (CIRCLE_CONTENT, circle),
    # A meeting and what it records.
    "meeting_detail": (CIRCLE_CONTENT, meeting),
    "case_create": (FORM_ONLY, meeting),
    "note_create": (FORM_ONLY, meeting),
    "attendance_update": (FORM_ONLY, meeting),
    "commitment_create": (FORM_ONLY, meeting),
    "follow_up_create": (FORM_ONLY, lambda p: {**meeting(p), "commitment_id": p.ids["commitment"]}),
    "case_prepare": (CIRCLE_CONTENT, meeting),
    "case_giver_set": (FORM_ONLY, meeting),
    "note_edit": (AUTHOR, lambda p: {"note_id": p.ids["note"]}),
    "note_delete": (AUTHOR, lambda p: {"note_id": p.ids["note"]}),
    "question_edit": (AUTHOR, lambda p: {"question_id": p.ids["question"]}),
    "question_delete": (AUTHOR, lambda p: {"question_id": p.ids["question"]}),
    "commitment_edit": (AUTHOR, lambda p: {"commitment_id": p.ids["open_commitment"]}),
    "commitment_delete": (AUTHOR, lambda p: {"commitment_id": p.ids["open_commitment"]}),
    # The runner.
    "meeting_runner": (CIRCLE_CONTENT, meeting),
    "meeting_runner_live": (CIRCLE_CONTENT, meeting),
    **{
        name: (FORM_ONLY, meeting)
        for name in (
            "meeting_runner_start",
            "meeting_runner_move",
            "meeting_runner_timer",
            "meeting_runner_order",
            "meeting_runner_clients",
            "meeting_runner_question",
            "meeting_runner_note",
            "meeting_runner_case",
            "meeting_runner_commitment",
            "meeting_runner_attendance",
            "meeting_runner_finish",
            "meeting_runner_reopen",
            "meeting_runner_agenda",
        )
    },
    "meeting_runner_follow_up": (
        FORM_ONLY,
        lambda p: {**meeting(p), "commitment_id": p.ids["commitment"]},
    ),
    # Agendas, rhythm, calendar and charter.
    "agenda_list": (MANAGERS, programme),
    "agenda_create": (FORM_ONLY, programme),
    "agenda_copy": (FORM_ONLY, programme),
    "agenda_choose": (FORM_ONLY, programme),
    "agenda_edit": (MANAGERS, lambda p: {**programme(p), "template_id": p.ids["template"]}),
    "circle_rhythm": (CIRCLE_CONTENT, circle),
    "meeting_move": (FORM_ONLY, meeting),
    "meeting_cancel": (FORM_ONLY, meeting),
    "meeting_restore": (FORM_ONLY, meeting),
    "meeting_decline": (FORM_ONLY, meeting),
    "role_swap": (FORM_ONLY, meeting),
    "calendar_settings": (OWN, none),
    "calendar_token_new": (FORM_ONLY, none),
    "calendar_token_revoke": (FORM_ONLY, none),
    "calendar_feed": (TOKEN, lambda p: {"token": p.ids["feed"]}),
    # API tokens: one's own; an organisation's service tokens for its admins.
    "api_tokens": (OWN, none),
    "api_token_revoke": (FORM_ONLY, lambda p: {"token_id": p.ids["api_token"]}),
    "service_tokens": (ADMIN_HERE, none),
    # Webhooks and chat channels, for the organisation's admins; a circle's video room.
    "webhook_list": (ADMIN_HERE, none),
    "webhook_detail": (ADMIN, lambda p: {"endpoint_id": p.ids["endpoint"]}),
    "webhook_secret": (FORM_ONLY, lambda p: {"endpoint_id": p.ids["endpoint"]}),
    "webhook_delete": (FORM_ONLY, lambda p: {"endpoint_id": p.ids["endpoint"]}),
    "webhook_replay": (
        FORM_ONLY,
        lambda p: {"endpoint_id": p.ids["endpoint"], "delivery_id": p.ids["delivery"]},
    ),
    "chat_channels": (ADMIN_HERE, none),
    "chat_channel_remove": (FORM_ONLY, lambda p: {"channel_id": p.ids["channel"]}),
    "circle_video": (CIRCLE_CONTENT, circle),
    "circle_detail": (CIRCLE_PAGE, circle),
    "circle_charter": (CIRCLE_PAGE, circle),
    "circle_charter_accept": (FORM_ONLY, circle),
    "circle_charter_edit": (FORM_ONLY, circle),
    "circle_charter_expectations": (FORM_ONLY, circle),
    # The library and its stories.
    "library_index": (OWN, none),
    "library_item_new": (MANAGERS_HERE, none),
    "library_item": (LIBRARY, item),
    "library_item_edit": (MANAGERS, item),
    "library_item_status": (FORM_ONLY, item),
    "library_template_adopt": (FORM_ONLY, lambda p: {"item_id": p.ids["template_item"]}),
    "library_adoption_seen": (
        FORM_ONLY,
        lambda p: {"item_id": p.ids["template_item"], "adoption_id": p.ids["adoption"]},
    ),
    "story_new": (OWN, none),
    "story_edit": (AUTHOR, story),
    "story_submit": (FORM_ONLY, story),
    "story_withdraw": (FORM_ONLY, story),
    "story_consent": (FORM_ONLY, story),
    "story_feature": (FORM_ONLY, lambda p: {"item_id": p.ids["published_story"]}),
    "story_link": (TOKEN, lambda p: {"token": p.ids["story_link"]}),
    # Onboarding circles and hosting them.
    "onboarding_manage": (MANAGERS, programme),
    "onboarding_propose": (FORM_ONLY, programme),
    "volunteer_settings": (OWN, none),
    # Communities of practice: members of their circles browse, leads and admins run them.
    "network_index": (OWN, none),
    "network_new": (FORM_ONLY, none),
    "network_detail": (
        for_people({"member", "facilitator", "not_accepted", "lead", "admin"}),
        network,
    ),
    "network_edit": (MANAGERS, network),
    "network_event_new": (FORM_ONLY, network),
    "network_share": (FORM_ONLY, network),
    "network_outcomes": (MANAGERS, network),
    "network_export": (MANAGERS, network),
    # Facilitator training: everyone's own path; readiness for the programme's managers.
    "training_path": (OWN, none),
    "training_step": (OWN, lambda p: {"step": "protocol"}),
    "training_readiness": (MANAGERS, programme),
}


def url_names(resolver: URLResolver) -> list[str]:
    names: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            # The REST API has a matrix of its own, over every operation of its OpenAPI
            # document (circles/api/tests/test_api_authorization.py).
            if entry.app_name not in {"admin", "ninja"}:
                names += url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(entry.name)
    return names


def test_every_named_address_has_a_row_in_the_matrix():
    missing = sorted(set(url_names(get_resolver())) - set(ROWS))
    assert not missing, f"addresses without a row in the authorisation matrix: {missing}"
    gone = sorted(set(ROWS) - set(url_names(get_resolver())))
    assert not gone, f"rows for addresses that no longer exist: {gone}"


@pytest.fixture
def probe(world) -> Probe:
    built = build_probe(world)
    admin = built.world.admin
    csv = b"Employee ID,Full Name,Work Email\nE1,Ivy Import,ivy@acme.example\n"
    built.ids["import"] = import_upload(
        organisation=admin.organisation, uploaded_by=admin, filename="hr.csv", content=csv
    ).pk
    return built


def _verdict(response: Any, expected: Any) -> bool:
    if expected == SIGN_IN:
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code == expected


def _markers_allowed(persona: str) -> tuple[str, ...]:
    allowed: tuple[str, ...] = ()
    if persona in CIRCLE_READERS:
        allowed += CIRCLE_MARKERS
    if persona == "member":
        allowed += OWNER_MARKERS
    return allowed


def test_every_persona_gets_exactly_what_the_matrix_says_and_no_marker_leaks(probe, client):
    mismatches: list[str] = []
    leaks: list[str] = []
    visits = 0
    for persona in PERSONAS:
        sign_in(client, probe, persona)
        forbidden = [
            m for m in (*CIRCLE_MARKERS, *OWNER_MARKERS) if m not in _markers_allowed(persona)
        ]
        for name, (policy, args) in ROWS.items():
            url = reverse(name, kwargs=args(probe))
            response = client.get(url)
            visits += 1
            if not _verdict(response, policy[persona]):
                mismatches.append(
                    f"{persona} GET {name}: {response.status_code} not {policy[persona]}"
                )
            body = getattr(response, "content", b"").decode(errors="ignore")
            leaks += [f"{persona} {name}: {m[:30]}…" for m in forbidden if m in body]
    assert not leaks, "confidential text where it must not be:\n" + "\n".join(leaks)
    assert not mismatches, "\n".join(mismatches)
    assert visits == len(PERSONAS) * len(ROWS)
