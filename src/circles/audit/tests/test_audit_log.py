"""The audit log itself: append-only, retention, the admins' page, its export, the admin site."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import User
from circles.audit.context import Actor, acting_as
from circles.audit.models import Action, ActorKind, AuditEvent, AuditLogIsAppendOnly
from circles.audit.services import audit_purge, audit_record
from circles.notify.services import sweep
from circles.testing import make_person

pytestmark = pytest.mark.django_db


def event(world, **kwargs) -> AuditEvent:
    return audit_record(
        organisation_id=world.org.pk,
        action=kwargs.pop("action", Action.PERSON_VIEWED),
        target=kwargs.pop("target", world.member),
        actor=kwargs.pop("actor", Actor.of_person(world.admin)),
        **kwargs,
    )


def aged(world, days: int, count: int = 1) -> list[AuditEvent]:
    """Events recorded ``days`` ago (the clock is set back while they are written)."""
    events = []
    for _ in range(count):
        e = AuditEvent(
            organisation=world.org,
            actor_kind=ActorKind.SYSTEM,
            actor_label="System",
            action=Action.PERSON_VIEWED,
            created_at=timezone.now() - dt.timedelta(days=days),
        )
        e.save()
        events.append(e)
    return events


# Append-only ----------------------------------------------------------------------------------


def test_an_event_cannot_be_saved_again_or_deleted(world):
    recorded = event(world)
    recorded.summary = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        recorded.save()
    with pytest.raises(AuditLogIsAppendOnly):
        recorded.delete()
    recorded.refresh_from_db()
    assert recorded.summary == ""


def test_the_queryset_refuses_update_delete_and_bulk_update(world):
    recorded = event(world)
    events = AuditEvent.objects.filter(pk=recorded.pk)
    with pytest.raises(AuditLogIsAppendOnly):
        events.update(summary="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        events.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([recorded], ["summary"])
    assert AuditEvent.objects.filter(pk=recorded.pk, summary="").exists()


def test_details_are_bounded_and_plain_json(world):
    recorded = event(world, details={"when": dt.date(2026, 1, 2), "long": "x" * 5000})
    recorded.refresh_from_db()
    assert recorded.details == {"when": "2026-01-02", "long": "x" * 200}


# Retention ------------------------------------------------------------------------------------


def test_the_purge_deletes_only_events_past_retention_in_batches(world, settings):
    settings.CIRCLES_AUDIT_RETENTION_DAYS = 30
    old = aged(world, 31, count=5)
    recent = aged(world, 29, count=2)
    batches: list[int] = []
    assert audit_purge(batch_size=2, progress=batches.append) == 5
    assert batches == [2, 2, 1]
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert not remaining & {e.pk for e in old}
    assert {e.pk for e in recent} <= remaining


def test_the_command_purges_with_a_report(world, settings):
    settings.CIRCLES_AUDIT_RETENTION_DAYS = 10
    aged(world, 11, count=3)
    out = io.StringIO()
    call_command("purge_audit", "--batch-size", "2", stdout=out)
    assert "Deleted 3 audit events older than 10 days." in out.getvalue()
    out = io.StringIO()
    call_command("purge_audit", stdout=out)
    assert "No audit events older than 10 days." in out.getvalue()


def test_the_sweep_purges_too(world, settings):
    settings.CIRCLES_AUDIT_RETENTION_DAYS = 730
    old = aged(world, 731)[0]
    kept = aged(world, 700)[0]
    sweep()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()


# The page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "facilitator", "outsider", "lead"])
def test_only_admins_open_the_log(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("audit_log")).status_code == 404
    assert client.get(reverse("audit_export")).status_code == 404


def test_a_person_leaving_the_admin_role_loses_the_log(world, login):
    second = make_person(world.org, "Second Admin", role="admin")
    client = login(second)
    assert client.get(reverse("audit_log")).status_code == 200
    second.role = "member"
    second.save()
    assert client.get(reverse("audit_log")).status_code == 404


def test_anonymous_visitors_sign_in_first(client):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_admins_see_their_own_organisation_only(world, login):
    event(world, summary="Acme event")
    other = audit_record(
        organisation_id=world.other_admin.organisation_id,
        action=Action.PERSON_VIEWED,
        actor=Actor.of_person(world.other_admin),
        summary="Other org event",
    )
    page = login(world.other_admin).get(reverse("audit_log")).content.decode()
    assert other.summary in page
    assert "Acme event" not in page
    assert "Maya Member" not in page


def test_the_page_filters_by_action_actor_person_and_dates(world, login):
    event(world, summary="viewed maya")
    event(world, action=Action.ROLE_CHANGED, target=world.peer, summary="role of pat")
    event(world, target=world.peer, actor=Actor.of_person(world.lead), summary="lead viewed pat")
    client = login(world.admin)

    def shown(**params: str) -> set[str]:
        response = client.get(reverse("audit_log"), params)
        assert response.status_code == 200
        body = response.content.decode()
        return {s for s in ("viewed maya", "role of pat", "lead viewed pat") if s in body}

    assert shown() == {"viewed maya", "role of pat", "lead viewed pat"}
    assert shown(action=Action.ROLE_CHANGED) == {"role of pat"}
    assert shown(actor="lena") == {"lead viewed pat"}
    assert shown(person="Pat Peer") == {"role of pat", "lead viewed pat"}
    assert shown(person_id=str(world.peer.pk)) == {"role of pat", "lead viewed pat"}
    assert shown(person_id=str(world.member.pk)) == {"viewed maya"}
    today = timezone.localdate().isoformat()
    assert len(shown(date_from=today, date_to=today)) == 3
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert shown(date_from=tomorrow) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "not a date"},
        {"date_from": "1700-01-01"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"action": "drop table"},
        {"actor": "x" * 500},
        {"page": "999999999999999999999999"},
        {"person_id": "99999999999999999999999"},
    ],
)
def test_bad_filters_are_a_clear_error_never_a_500(world, login, params):
    event(world)
    client = login(world.admin)
    response = client.get(reverse("audit_log"), params)
    assert response.status_code in {200, 400}
    if "page" not in params:
        assert response.status_code == 400
        assert "not understood" in response.content.decode()
        assert client.get(reverse("audit_export"), params).status_code == 400


def test_the_page_is_newest_first_and_paged(world, login):
    for number in range(55):
        event(world, summary=f"event number {number:02d}")
    client = login(world.admin)
    first = client.get(reverse("audit_log")).content.decode()
    # The visit itself adds no event (opening the log is not a read of anyone's data).
    assert first.index("event number 54") < first.index("event number 10")
    assert "event number 04" not in first
    second = client.get(reverse("audit_log"), {"page": 2}).content.decode()
    assert "event number 04" in second


def test_the_export_is_csv_of_the_filtered_log_and_is_itself_recorded(world, login):
    event(world, summary="=HYPERLINK(evil)", target=world.peer)
    event(world, action=Action.ROLE_CHANGED, summary="role change")
    client = login(world.admin)
    wanted = {"person": "pat", "action": Action.PERSON_VIEWED}
    response = client.get(reverse("audit_export"), wanted)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "when (UTC)"
    assert len(rows) == 2
    assert rows[1][4] == "Pat Peer"
    assert rows[1][5] == "'=HYPERLINK(evil)"
    export = AuditEvent.objects.get(action=Action.AUDIT_EXPORTED)
    assert export.actor == world.admin
    assert export.details == {"filters": wanted, "events": 1}


def test_the_directory_and_sign_in_settings_link_to_the_log(world, login):
    client = login(world.admin)
    assert reverse("audit_log") in client.get(reverse("people_directory")).content.decode()
    assert reverse("audit_log") in client.get(reverse("organisation_sign_in")).content.decode()
    lead_page = login(world.lead).get(reverse("people_directory")).content.decode()
    assert reverse("audit_log") not in lead_page


# The operators' admin site ---------------------------------------------------------------------


def test_the_admin_site_shows_events_read_only(world, client):
    recorded = event(world, summary="seen by operators")
    operator = User.objects.create_superuser(email="ops@example.com", password="x-long-password")
    client.force_login(operator)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    change = client.get(f"/admin/audit/auditevent/{recorded.pk}/change/")
    assert change.status_code == 200
    assert 'name="summary"' not in change.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.get(f"/admin/audit/auditevent/{recorded.pk}/delete/").status_code == 403
    posted = client.post(f"/admin/audit/auditevent/{recorded.pk}/change/", {"summary": "x"})
    assert posted.status_code == 403
    recorded.refresh_from_db()
    assert recorded.summary == "seen by operators"


def test_acting_as_names_the_actor_and_restores_the_previous_one(world):
    with acting_as(Actor.command_line("test")):
        inside = audit_record(organisation_id=world.org.pk, action=Action.PERSON_VIEWED)
    outside = audit_record(organisation_id=world.org.pk, action=Action.PERSON_VIEWED)
    assert (inside.actor_kind, inside.actor_label) == ("command", "Command line: test")
    assert (outside.actor_kind, outside.actor_label) == ("system", "System")
