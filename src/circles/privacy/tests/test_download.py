"""Download my data: everything about me and what I wrote, nothing anyone else wrote."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from circles.accounts.models import User
from circles.audit.models import Action, AuditEvent
from circles.meetings.record.services import note_add
from circles.testing import SECRET_CASE, SECRET_NOTE

from .conftest import KEPT_QUESTION

pytestmark = pytest.mark.django_db


def download(client) -> tuple[dict, str, zipfile.ZipFile]:
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "index.html", "style.css"]
    return (
        json.loads(archive.read("data.json")),
        archive.read("index.html").decode(),
        archive,
    )


def test_the_download_holds_the_profile_sign_in_roles_and_circles(subject, login):
    data, page, _ = download(login(subject.person))
    assert data["profile"]["full_name"] == subject.name
    assert data["profile"]["email"] == subject.email
    assert data["profile"]["department"] == "Dept-Planted"
    assert data["profile"]["manager"] == "Lena Lead"
    assert data["sign_in"]["password_set"] is True
    assert data["roles"]["organisation_role"] == "Member"
    assert [c["circle"] for c in data["circles"]] == ["Aspen"]
    assert any(m["attendance"] == "Attended" for m in data["meetings"])
    assert subject.name in page


def test_no_password_hash_or_secret_ever_leaves(subject, login):
    _data, page, archive = download(login(subject.person))
    text = archive.read("data.json").decode()
    password = User.objects.get(pk=subject.person.user_id).password
    assert password not in text
    assert password not in page
    assert "md5$" not in text


def test_what_they_wrote_is_in_it_and_what_others_wrote_is_not(subject, login):
    data, _page, archive = download(login(subject.person))
    text = archive.read("data.json").decode()
    wrote = data["what_you_wrote_in_circles"]
    assert [c["title"] for c in wrote["cases_you_brought"]] == [SECRET_CASE]
    asked = {q["text"] for q in wrote["questions_you_asked"]}
    assert "PLANTED-question the member asked" in asked
    notes = {n["text"] for n in wrote["notes_you_took"]}
    assert "PLANTED-note the member took" in notes
    assert SECRET_NOTE not in notes  # the facilitator's note, word for word
    assert wrote["meetings_you_cancelled"][0]["reason"] == "PLANTED-cancel reason"
    assert data["circles"][0]["expectations"]
    actions = {c["action"] for c in data["commitments"]}
    assert "PLANTED-commitment action" in actions
    assert any(
        ci["update"] == "PLANTED-check-in" for c in data["commitments"] for ci in c["check_ins"]
    )
    assert data["development_plan"]["goals"]
    assert data["feedback"]["feedback_you_rated"][0]["comment"] == "PLANTED-rating comment"
    assert data["feedback"]["pulses_you_gave"][0]["safety"] == 4
    assert data["learning_transfer_checks"][0]["how"] == "PLANTED-how"
    # Other people's writing, even on the member's own case, stays out.
    assert KEPT_QUESTION not in text
    assert "the leaver's own" not in text
    assert "Fred Facilitator" not in text
    assert "Pat Peer" not in text


def test_enrolment_reminders_invitation_provisioning_and_audit_events(subject, login):
    data, _page, _ = download(login(subject.person))
    enrolment = data["enrolments"][0]
    assert enrolment["development_interests"] == ["PLANTED-enrol-interest"]
    assert enrolment["keep_apart_from"] == ["Olga Outsider"]
    assert data["reminders"]["preferences"]["Weekly digest (programme leads)"] is False
    assert data["reminders"]["reminders"][0]["kind"] == "Meeting reminder"
    assert data["invitation"]["times_sent"] == 1
    assert data["provisioning"]["user_name"] == subject.email
    assert data["calendar_feeds"]
    seen = {(e["what"], e["by"]) for e in data["audit_events_about_you"]}
    assert ("Opened a person's page", "Adam Admin") in seen


def test_the_download_is_recorded_in_the_audit_log(subject, login):
    download(login(subject.person))
    event = AuditEvent.objects.filter(action=Action.DATA_DOWNLOADED).latest("pk")
    assert (event.actor, event.target_person) == (subject.person, subject.person)
    assert event.ip == "127.0.0.1"


def test_the_readable_page_escapes_what_people_wrote(world, login):
    note_add(meeting=world.past_meeting, author=world.member, body="<script>alert(1)</script>")
    _data, page, _ = download(login(world.member))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<link rel="stylesheet" href="style.css">' in page


def test_each_person_downloads_only_their_own(subject, login):
    data, _page, archive = download(login(subject.world.peer))
    text = archive.read("data.json").decode()
    assert data["profile"]["full_name"] == "Pat Peer"
    assert data["profile"]["manager"] == subject.name  # their own manager, an attribute of theirs
    assert "PLANTED-" not in text
    assert SECRET_CASE not in text


def test_the_page_explains_and_links_the_download(world, login):
    client = login(world.member)
    page = client.get(reverse("my_data")).content.decode()
    assert reverse("my_data_download") in page
    assert "ask one of its organisation admins" in page
    assert reverse("my_data") in client.get(reverse("home")).content.decode()


def test_a_login_without_a_person_and_anonymous_visitors_get_no_download(client):
    anonymous = client.get(reverse("my_data_download"))
    assert anonymous.status_code == 302
    operator = User.objects.create_user(email="ops@example.com", password="x-long-password")
    client.force_login(operator)
    assert client.get(reverse("my_data_download")).status_code == 403
    assert client.get(reverse("my_data")).status_code == 403
