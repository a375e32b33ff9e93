"""Erasure: nothing of the person anywhere in the database, circles still readable, figures kept."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from circles.audit.models import Action, AuditEvent
from circles.formation.models import FormationRun
from circles.groups.models import Membership
from circles.growth.models import Commitment, DevelopmentPlan, Goal
from circles.insights import metrics
from circles.insights.snapshots import programme_scope
from circles.lib.errors import DomainError
from circles.meetings.models import Case, Note, Question
from circles.orgs.models import PeopleImport, PeopleImportChange, Person, Role
from circles.orgs.people.services import person_reactivate
from circles.privacy.services import REMOVED, person_erase
from circles.provisioning.models import ScimIdentity
from circles.testing import SECRET_NOTE, make_person

from .conftest import KEPT_QUESTION

pytestmark = pytest.mark.django_db


def _text(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="ignore")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def found_through_models(needles: list[str]) -> list[str]:
    """Every row of every model, read through the model (so confidential text is decrypted)."""
    hits = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.all().iterator():
            values = [_text(f.value_from_object(row)) for f in model._meta.concrete_fields]
            if isinstance(row, Session):
                values.append(_text(row.get_decoded()))
            blob = "\n".join(values).lower()
            hits += [f"{model._meta.label} {row.pk}: {n}" for n in lowered if n in blob]
    return hits


def found_in_raw_tables(needles: list[str]) -> list[str]:
    """Every text column of every table, as stored (ciphertext stays ciphertext)."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                blob = "\n".join(_text(v) for v in row).lower()
                hits += [f"{table}: {n}" for n in needles if n.lower() in blob]
    return hits


def totals(programme) -> dict[str, tuple[float, float]]:
    """Each metric's numerator and denominator over the whole programme."""
    scope = programme_scope(programme, timezone.localdate())
    rows = metrics.all_rows(scope, now=timezone.now(), today=timezone.localdate())
    return {
        key: (sum(r.numerator for r in found), sum(r.denominator for r in found))
        for key, found in rows.items()
    }


def erase(subject, login):
    client = login(subject.world.admin)
    return client.post(
        reverse("person_erase", args=[subject.person.pk]),
        {"confirmation": f"  {subject.name.upper()} "},
    )


def test_the_plantings_are_there_before_so_the_scan_can_see_them(subject):
    before = found_through_models(subject.needles)
    missing = [n for n in subject.needles if not any(n.lower() in hit for hit in before)]
    assert not missing, f"the fixture planted nothing for: {missing}"


def test_after_erasure_no_row_of_any_table_holds_the_person(subject, login):
    response = erase(subject, login)
    assert response.status_code == 302
    assert response["Location"] == reverse("person_detail", args=[subject.person.pk])
    hits = found_through_models(subject.needles)
    assert not hits, "\n".join(hits)
    raw = found_in_raw_tables(subject.needles)
    assert not raw, "\n".join(raw)


def test_the_person_row_stays_anonymised_and_cannot_sign_in(subject, login):
    user_id = subject.person.user_id
    erase(subject, login)
    person = Person.objects.get(pk=subject.person.pk)
    assert person.full_name == "A former member"
    assert person.email.endswith("@erased.invalid")
    assert (person.user_id, person.is_active, person.role) == (None, False, Role.MEMBER)
    assert (person.employee_id, person.external_id, person.department) == ("", "", "")
    assert person.languages == person.development_interests == []
    assert not person.led_programmes.exists()
    assert not Person.objects.filter(manager=person).exists()
    from circles.accounts.models import User

    assert not User.objects.filter(pk=user_id).exists()
    identity = ScimIdentity.objects.get(person=person)
    assert identity.deleted_at is not None
    assert identity.attributes == {}


def test_an_erased_person_cannot_be_made_active_again(subject, login):
    erase(subject, login)
    client = login(subject.world.admin)
    response = client.post(reverse("person_reactivate", args=[subject.person.pk]), follow=True)
    assert response.status_code == 200
    assert "This person was erased" in response.content.decode()
    assert not Person.objects.get(pk=subject.person.pk).is_active
    with pytest.raises(DomainError):
        person_reactivate(person=subject.person)


def test_the_signed_in_person_is_signed_out_for_good(subject, client):
    client.force_login(subject.person.user)
    assert client.get(reverse("home")).status_code == 200
    person_erase(person=subject.person, by=subject.world.admin)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_writing_becomes_a_marker_where_the_circle_keeps_the_record(subject, login):
    world = subject.world
    erase(subject, login)
    assert Case.objects.get(pk=world.case.pk).title == REMOVED
    assert set(Question.objects.filter(asked_by=subject.person).values_list("text", flat=True)) == {
        REMOVED
    }
    assert {n.body for n in Note.objects.filter(author=subject.person)} == {REMOVED}
    assert {c.action for c in Commitment.objects.filter(owner=subject.person)} == {REMOVED}
    assert not DevelopmentPlan.objects.filter(owner=subject.person).exists()
    assert not Goal.objects.filter(plan__owner=subject.person).exists()
    # Others' writing is untouched.
    assert KEPT_QUESTION in {q.text for q in Question.objects.filter(asked_by=world.facilitator)}
    assert SECRET_NOTE in {n.body for n in Note.objects.filter(author=world.facilitator)}


def test_circle_pages_still_read_for_the_others(subject, login):
    world = subject.world
    erase(subject, login)
    client = login(world.facilitator)
    pages = [
        reverse("circle_detail", args=[world.circle.pk]),
        reverse("meeting_detail", args=[world.past_meeting.pk]),
        reverse("meeting_runner", args=[world.past_meeting.pk]),
        reverse("circle_commitments", args=[world.circle.pk]),
        reverse("insights_circle", args=[world.circle.pk]),
        reverse("circle_charter", args=[world.circle.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert subject.name not in body, url
    meeting = client.get(reverse("meeting_detail", args=[world.past_meeting.pk])).content.decode()
    assert "removed at the author" in meeting
    assert "A former member" in meeting
    assert KEPT_QUESTION in meeting
    admin = login(world.admin)
    person_page = admin.get(reverse("person_detail", args=[subject.person.pk]))
    assert person_page.status_code == 200
    assert "This person was erased" in person_page.content.decode()
    # An erased record is not brought back, re-roled or erased again from its page.
    for action in ("person_reactivate", "person_role", "person_erase"):
        assert reverse(action, args=[subject.person.pk]) not in person_page.content.decode()
    assert admin.get(reverse("people_directory"), {"status": "all"}).status_code == 200
    assert admin.get(reverse("insights_dashboard", args=[world.programme.pk])).status_code == 200


def test_programme_figures_count_the_same_rows_after_erasure(subject, login):
    before = totals(subject.world.programme)
    erase(subject, login)
    after = totals(subject.world.programme)
    assert after == before
    assert before["attendance"][1] > 0
    assert before["safety"][1] > 0


def test_the_audit_log_keeps_the_erasure_and_nothing_of_the_person(subject, login):
    erase(subject, login)
    erased = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert erased.actor == subject.world.admin
    assert erased.target_person_id == subject.person.pk
    assert erased.target_label == "A former member"
    assert erased.details == {"person_id": subject.person.pk}
    by_them = AuditEvent.objects.filter(actor_id=subject.person.pk)
    assert by_them.exists()
    assert set(by_them.values_list("actor_label", flat=True)) == {"A former member"}
    assert set(by_them.values_list("ip", flat=True)) == {None}


def test_mentions_in_formation_proposals_and_imports_name_a_former_member(subject, login):
    erase(subject, login)
    run = FormationRun.objects.get(pk=subject.probe.ids["run"])
    assert run.message == "2 people (A former member, Pat Peer) share too little time."
    assert run.figures["warnings"] == ["A former member and Pat Peer must not share circle 1."]
    change = PeopleImportChange.objects.get(person=subject.world.peer)
    assert change.details == {"manager": ["—", "A former member"]}


def test_imports_waiting_to_be_applied_are_discarded(subject, login):
    erase(subject, login)
    waiting = PeopleImport.objects.get(filename="next.csv")
    assert waiting.status == PeopleImport.Status.FAILED
    assert bytes(waiting.content) == b""
    assert "upload the file again" in waiting.message


def test_the_confirmation_must_be_their_name_and_a_wrong_one_changes_nothing(subject, login):
    client = login(subject.world.admin)
    url = reverse("person_erase", args=[subject.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    response = client.post(url, {"confirmation": "someone else"})
    assert response.status_code == 400
    assert "nothing was erased" in response.content.decode()
    assert Person.objects.get(pk=subject.person.pk).full_name == subject.name
    assert not AuditEvent.objects.filter(action=Action.PERSON_ERASED).exists()


@pytest.mark.parametrize("persona", ["member", "facilitator", "outsider", "lead", "other_admin"])
def test_only_the_organisations_admins_erase(subject, login, persona):
    target = subject.world.peer
    client = login(getattr(subject.world, persona))
    url = reverse("person_erase", args=[target.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirmation": target.full_name}).status_code == 404
    assert Person.objects.get(pk=target.pk).full_name == target.full_name


def test_an_admin_cannot_erase_themselves_nor_an_erased_person_twice(subject, login):
    admin = subject.world.admin
    client = login(admin)
    assert client.get(reverse("person_erase", args=[admin.pk])).status_code == 404
    with pytest.raises(DomainError):
        person_erase(person=admin, by=admin)
    erase(subject, login)
    assert client.get(reverse("person_erase", args=[subject.person.pk])).status_code == 404
    with pytest.raises(DomainError, match="already"):
        person_erase(person=Person.objects.get(pk=subject.person.pk), by=admin)


def test_a_member_cannot_call_the_service_to_erase(subject):
    with pytest.raises(DomainError):
        person_erase(person=subject.world.peer, by=subject.world.member)


def test_erasing_someone_who_already_left_works_and_another_admin_can_be_erased(world, login):
    second = make_person(world.org, "Second Admin", role=Role.ADMIN)
    login(world.admin).post(reverse("person_deactivate", args=[world.peer.pk]))
    for person in (world.peer, second):
        person_erase(person=person, by=world.admin)
        assert Person.objects.get(pk=person.pk).full_name == "A former member"
    assert Membership.objects.filter(person=world.peer).exists()
