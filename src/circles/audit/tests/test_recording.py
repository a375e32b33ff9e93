"""What goes into the audit log, from the pages, services, commands and SCIM that do it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from circles.audit.models import Action, ActorKind, AuditEvent
from circles.enrolment import services as enrolment
from circles.growth.plans.services import goal_create, manager_share_set
from circles.orgs.importing import services as importing
from circles.orgs.models import Organisation, Person, Role
from circles.orgs.people.services import person_update
from circles.orgs.tests.import_files import people_csv
from circles.provisioning.mapping import CORE_SCHEMA
from circles.provisioning.models import ScimToken
from circles.provisioning.tokens import TOKEN_MARK
from circles.testing import make_person

pytestmark = pytest.mark.django_db


def events(action: str, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("pk"))


def only(action: str, **filters) -> AuditEvent:
    found = events(action, **filters)
    assert len(found) == 1, found
    return found[0]


def test_an_admin_opening_a_person_page_is_recorded_with_who_whom_and_where(world, login):
    login(world.admin).get(reverse("person_detail", args=[world.member.pk]))
    seen = only(Action.PERSON_VIEWED)
    assert (seen.actor, seen.actor_label, seen.actor_kind) == (world.admin, "Adam Admin", "person")
    assert (seen.target_person, seen.target_label) == (world.member, "Maya Member")
    assert seen.organisation == world.org
    assert seen.ip == "127.0.0.1"


def test_a_lead_opening_a_person_page_is_recorded_and_a_refused_one_is_not(world, login):
    login(world.lead).get(reverse("person_detail", args=[world.member.pk]))
    assert only(Action.PERSON_VIEWED).actor == world.lead
    login(world.member).get(reverse("person_detail", args=[world.peer.pk]))
    login(world.other_admin).get(reverse("person_detail", args=[world.peer.pk]))
    assert len(events(Action.PERSON_VIEWED)) == 1


def test_role_lead_leaving_returning_and_invitations_are_recorded(world, login):
    client = login(world.admin)
    person = make_person(world.org, "Rita Role", login=False)
    client.post(reverse("person_role", args=[person.pk]), {"role": Role.LEAD})
    changed = only(Action.ROLE_CHANGED, target_person=person)
    assert changed.details == {"from": "member", "to": "lead", "no_longer_leads": []}
    assert changed.actor == world.admin
    client.post(reverse("person_lead", args=[person.pk]), {"programme": world.programme.pk})
    assert only(Action.LEAD_ADDED, target_person=person).object_id == str(world.programme.pk)
    client.post(
        reverse("person_lead", args=[person.pk]),
        {"programme": world.programme.pk, "remove": "1"},
    )
    assert only(Action.LEAD_REMOVED, target_person=person).actor == world.admin
    client.post(reverse("people_invite"), {"people": [person.pk]})
    assert only(Action.INVITATION_SENT, target_person=person).details["send_count"] == 1
    client.post(reverse("person_deactivate", args=[person.pk]))
    assert only(Action.PERSON_DEACTIVATED, target_person=person).actor == world.admin
    client.post(reverse("person_reactivate", args=[person.pk]))
    assert only(Action.PERSON_REACTIVATED, target_person=person).actor == world.admin


def test_a_demotion_records_the_programmes_it_took_away(world):
    from circles.orgs.people.services import person_set_role

    person_set_role(person=world.lead, role=Role.MEMBER)
    changed = only(Action.ROLE_CHANGED, target_person=world.lead)
    assert changed.details["no_longer_leads"] == [world.programme.pk]
    assert changed.actor_kind == ActorKind.SYSTEM


def test_an_edit_records_which_fields_changed_never_their_values(world):
    person_update(person=world.member, department="Secret Skunkworks", email="new@acme.example")
    changed = only(Action.PERSON_UPDATED, target_person=world.member)
    assert changed.details == {"fields": ["department", "email"]}
    assert "Skunkworks" not in json.dumps(changed.details) + changed.summary
    assert "new@acme" not in changed.summary


def test_sign_in_settings_changes_are_recorded(world, login):
    login(world.admin).post(
        reverse("organisation_sign_in"),
        {"password_sign_in": "on", "email_domains": "acme.example"},
    )
    changed = only(Action.SIGN_IN_SETTINGS_CHANGED)
    assert changed.details == {"email_domains": {"from": [], "to": ["acme.example"]}}


def test_applying_an_import_and_downloading_its_errors_are_recorded(world, login):
    people_import = importing.import_upload(
        organisation=world.org, uploaded_by=world.admin, filename="hr.csv", content=people_csv(5)
    )
    importing.import_preview(people_import=people_import)
    client = login(world.admin)
    client.post(reverse("people_import_apply", args=[people_import.pk]))
    applied = only(Action.PEOPLE_IMPORT_APPLIED)
    assert applied.actor == world.admin
    assert applied.details == {
        "created": 5,
        "updated": 0,
        "deactivated": 0,
        "rows": 5,
        "full_sync": False,
    }
    client.get(reverse("people_import_errors", args=[people_import.pk]))
    assert only(Action.IMPORT_ERRORS_EXPORTED).object_id == str(people_import.pk)


def test_dashboard_and_career_exports_are_recorded(world, login):
    client = login(world.lead)
    for fmt in ("csv", "xlsx"):
        client.get(reverse("insights_export", args=[world.programme.pk, fmt]))
    exported = events(Action.DASHBOARD_EXPORTED)
    assert [e.details["format"] for e in exported] == ["csv", "xlsx"]
    assert {e.actor for e in exported} == {world.lead}
    goal = goal_create(owner=world.member, title="Grow")
    login(world.member).get(reverse("career_export", args=["pdf"]), {"goals": [goal.pk]})
    career = only(Action.CAREER_EXPORTED)
    assert (career.actor, career.target_person) == (world.member, world.member)
    assert career.details == {"format": "pdf", "goals": 1, "commitments": 0, "summary": False}


def test_a_manager_reading_what_reports_shared_is_recorded_per_report(world, login):
    person_update(person=world.member, manager=world.lead)
    world.member.refresh_from_db()
    goal = goal_create(owner=world.member, title="Grow")
    manager_share_set(owner=world.member, summary=False, goal_ids={goal.pk}, commitment_ids=set())
    login(world.lead).get(reverse("shared_with_me"))
    seen = only(Action.SHARED_PLAN_VIEWED)
    assert (seen.actor, seen.target_person) == (world.lead, world.member)


def test_a_lead_reading_enrolment_profiles_is_recorded_for_each_person_shown(world, login):
    programme = world.programme
    enrolment.enrolment_configure(programme=programme, by=world.lead, audience="everyone")
    enrolment.enrolment_open(programme=programme, by=world.lead)
    enrolment.enrol(programme=programme, person=world.member, development_interests=["Coaching"])
    enrolment.enrol(programme=programme, person=world.peer)
    login(world.lead).get(reverse("enrolment_manage", args=[programme.pk]))
    seen = events(Action.ENROLMENT_PROFILES_VIEWED)
    assert {e.target_person for e in seen} == {world.member, world.peer}
    assert {e.actor for e in seen} == {world.lead}


def test_scim_tokens_from_the_command_line_and_their_use_are_recorded(world):
    out = io.StringIO()
    call_command("scim_token", "--organisation", world.org.slug, stdout=out)
    secret = next(line for line in out.getvalue().splitlines() if line.startswith(TOKEN_MARK))
    token = ScimToken.objects.get()
    made = only(Action.SCIM_TOKEN_CREATED)
    assert (made.actor_kind, made.actor_label) == ("command", "Command line: scim_token")
    assert made.object_id == token.prefix
    client = Client()
    body = {
        "schemas": [CORE_SCHEMA],
        "userName": "sam.scim@acme.example",
        "emails": [{"value": "sam.scim@acme.example", "primary": True}],
        "name": {"formatted": "Sam Scim"},
    }
    response = client.post(
        "/scim/v2/Users",
        json.dumps(body),
        content_type="application/scim+json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201, response.content
    used = only(Action.SCIM_TOKEN_USED)
    assert (used.actor_kind, used.actor_label) == ("scim", f"SCIM token {token.prefix}…")
    created = only(Action.PERSON_CREATED, target_label="Sam Scim")
    assert created.actor_kind == ActorKind.SCIM
    assert created.details["source"] == Person.Source.SCIM
    person_id = response.json()["id"]
    client.delete(f"/scim/v2/Users/{person_id}", headers={"Authorization": f"Bearer {secret}"})
    left = only(Action.PERSON_DEACTIVATED, target_person_id=person_id)
    assert left.actor_label == f"SCIM token {token.prefix}…"
    # Use is recorded once a minute at most, not on every request.
    assert len(events(Action.SCIM_TOKEN_USED)) == 1
    call_command("scim_token", "--organisation", world.org.slug, "--revoke", token.prefix)
    assert only(Action.SCIM_TOKEN_REVOKED).actor_kind == ActorKind.COMMAND


def test_creating_an_organisation_from_the_command_line_records_its_first_admin():
    call_command(
        "create_organisation",
        "--name",
        "Fresh",
        "--slug",
        "fresh",
        "--admin-email",
        "first@fresh.example",
        stdout=io.StringIO(),
    )
    organisation = Organisation.objects.get(slug="fresh")
    created = only(Action.PERSON_CREATED, organisation=organisation)
    assert created.actor_label == "Command line: create_organisation"
    assert created.details["role"] == Role.ADMIN
