"""The import pages: admins only, upload, mapping, preview lists, apply, errors download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from circles.notify.worker import run_pending_tasks
from circles.orgs.importing import services
from circles.orgs.models import ImportMapping, PeopleImport, Person
from circles.testing import World

from .import_files import GERMAN_CSV, GERMAN_ZONES, THREE_BAD_ROWS, TITLED_XLSX, people_csv

pytestmark = pytest.mark.django_db
Status = PeopleImport.Status
NOT_ADMINS = ["member", "facilitator", "outsider", "lead", "other_admin"]


def upload(client, content: bytes, name: str = "people.csv", **extra):
    return client.post(
        reverse("people_import"), {"file": SimpleUploadedFile(name, content), **extra}
    )


def an_import(world: World, content: bytes | None = None) -> PeopleImport:
    people_import = services.import_upload(
        organisation=world.org,
        uploaded_by=world.admin,
        filename="people.csv",
        content=content or people_csv(5),
    )
    return services.import_preview(people_import=people_import)


def every_url(people_import: PeopleImport) -> list[tuple[str, str]]:
    pk = people_import.pk
    return [
        ("get", reverse("people_import")),
        ("get", reverse("people_import_detail", args=[pk])),
        ("get", reverse("people_import_status", args=[pk])),
        ("get", reverse("people_import_errors", args=[pk])),
        ("post", reverse("people_import_apply", args=[pk])),
        ("post", reverse("people_import_full_sync", args=[pk])),
    ]


@pytest.mark.parametrize("persona", NOT_ADMINS)
def test_import_pages_answer_404_to_everyone_but_the_organisations_admins(world, login, persona):
    people_import = an_import(world)
    client = login(getattr(world, persona))
    for method, url in every_url(people_import):
        if persona != "other_admin" and url == reverse("people_import"):
            assert getattr(client, method)(url).status_code == 404
        elif url != reverse("people_import"):
            assert getattr(client, method)(url).status_code == 404, url
    people_import.refresh_from_db()
    assert people_import.status == Status.PREVIEWED


def test_another_organisations_admin_sees_only_their_own_imports(world, login):
    an_import(world)
    page = login(world.other_admin).get(reverse("people_import"))
    assert page.status_code == 200
    assert "people.csv" not in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    people_import = an_import(world)
    for method, url in every_url(people_import):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_admin_uploads_previews_and_applies_a_small_file(world, login):
    client = login(world.admin)
    assert client.get(reverse("people_import")).status_code == 200
    response = upload(client, people_csv(20))
    people_import = PeopleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people_import_detail", args=[people_import.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ready to apply" in page
    assert "adds <strong>20</strong> new people" in page
    assert "person.3@bench.example" in page
    before = Person.objects.count()
    response = client.post(reverse("people_import_apply", args=[people_import.pk]), follow=True)
    assert Person.objects.count() == before + 20
    page = response.content.decode()
    assert "20 new people added" in page
    assert 'href="/people/"' in page
    listing = client.get(reverse("people_import")).content.decode()
    assert "Applied" in listing


def test_the_preview_lists_changes_field_by_field_and_pages_long_lists(world, login):
    client = login(world.admin)
    content = people_csv(120)
    upload(client, content)
    client.post(reverse("people_import_apply", args=[PeopleImport.objects.get().pk]))
    changed = content.replace(b"Engineering", b"Research", 1)
    upload(client, changed)
    second = PeopleImport.objects.first()
    assert second is not None
    url = reverse("people_import_detail", args=[second.pk])
    page = client.get(url).content.decode()
    assert 'Changed <span class="badge">1</span>' in page
    assert "<del>Engineering</del>" in page
    assert "<ins>Research</ins>" in page
    unchanged = client.get(url, {"show": "unchanged", "page": 3}).content.decode()
    assert "Page 3 of 3" in unchanged
    # Nonsense in the query string falls back to a sensible list, never an error.
    assert client.get(url, {"show": "bogus", "page": "x"}).status_code == 200


def test_bad_rows_are_listed_with_row_column_and_reason_and_can_be_downloaded(world, login):
    client = login(world.admin)
    before = Person.objects.count()
    upload(client, people_csv(600, bad=THREE_BAD_ROWS))
    people_import = PeopleImport.objects.get()
    page = client.get(reverse("people_import_detail", args=[people_import.pk])).content.decode()
    assert "3 problems to fix: nothing was imported" in page
    for _index, column, _value, reason in THREE_BAD_ROWS:
        assert column in page
        assert reason in page
    assert "<td>101</td>" in page
    download = client.get(reverse("people_import_errors", args=[people_import.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    assert download.content.decode().count("\n") == 4
    response = client.post(reverse("people_import_apply", args=[people_import.pk]), follow=True)
    assert "Only a checked import without errors" in response.content.decode()
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The submitted file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls", "old Excel file"),
        (b"%PDF-1.4 binary", "people.pdf", "This is a PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.csv", "not text"),
        (b"Name,Email\n", "headers.csv", "no people below it"),
    ],
)
def test_files_that_are_not_exports_are_refused_clearly_and_nothing_is_stored(
    world, login, content, name, message
):
    response = upload(login(world.admin), content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(world, login):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    response = upload(login(world.admin), buffer.getvalue(), "people.xlsx")
    assert response.status_code == 400
    assert "zip archive" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(world, login, settings):
    settings.CIRCLES_IMPORT_MAX_MB = 0.001
    response = upload(login(world.admin), people_csv(40))
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_the_xlsx_sample_with_its_title_row_needs_no_mapping(world, login):
    client = login(world.admin)
    response = upload(client, TITLED_XLSX.read_bytes(), "export.xlsx")
    page = client.get(response["Location"]).content.decode()
    assert "headers on row 3" in page
    assert "adds <strong>400</strong> new people" in page


def test_the_german_sample_is_mapped_once_with_time_zones_per_office_then_remembered(world, login):
    client = login(world.admin)
    response = upload(client, GERMAN_CSV.read_bytes(), "export.csv")
    people_import = PeopleImport.objects.get()
    assert people_import.status == Status.NEEDS_MAPPING
    url = response["Location"]
    form = client.get(url).content.decode()
    assert "Windows-1252" in form
    assert "Time zone for Zürich" in form
    assert 'value="Europe/Zurich"' in form  # suggested from the office's name
    assert '<option value="Personalnummer" selected>Personalnummer (e.g. 10000)<' in form
    data = {f"map_{name}": header for name, header in people_import.mapping.items()}
    offices = sorted(GERMAN_ZONES, key=str.casefold)
    data |= {f"office_{i}": GERMAN_ZONES[office] for i, office in enumerate(offices)}
    data["office_0"] = "Mars/Base"
    data["date_order"] = "dmy"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "“Mars/Base” for “Berlin” is not a known time zone" in refused.content.decode()
    data["office_0"] = "Europe/Berlin"
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "adds <strong>400</strong> new people" in page
    assert ImportMapping.objects.filter(organisation=world.org).exists()
    client.post(reverse("people_import_apply", args=[people_import.pk]))
    assert Person.objects.filter(organisation=world.org, time_zone="Europe/Vienna").exists()
    # The next export of the same layout goes straight to its preview.
    response = upload(client, GERMAN_CSV.read_bytes(), "export-2.csv")
    page = client.get(response["Location"]).content.decode()
    assert "leaves <strong>400</strong> unchanged" in page


def test_a_mapping_without_email_is_refused_on_the_form(world, login):
    client = login(world.admin)
    upload(client, GERMAN_CSV.read_bytes(), "export.csv")
    people_import = PeopleImport.objects.get()
    url = reverse("people_import_detail", args=[people_import.pk])
    response = client.post(url, {"map_full_name": "Nachname", "date_order": "dmy"})
    assert response.status_code == 400
    assert "Choose the column with the work email" in response.content.decode()


def test_full_sync_can_be_switched_on_from_the_preview(world, login):
    client = login(world.admin)
    content = people_csv(5)
    upload(client, content)
    people_import = PeopleImport.objects.get()
    client.post(reverse("people_import_full_sync", args=[people_import.pk]), {"full_sync": "on"})
    people_import.refresh_from_db()
    assert people_import.full_sync
    # Everyone of the world's organisation but the file's people would leave, admin included.
    assert people_import.status == Status.INVALID
    page = client.get(reverse("people_import_detail", args=[people_import.pk])).content.decode()
    assert "every organisation admin" in page


def test_large_files_show_a_progress_bar_until_the_worker_is_done(world, login, monkeypatch):
    monkeypatch.setattr(services, "INLINE_ROWS", 10)
    client = login(world.admin)
    response = upload(client, people_csv(30))
    people_import = PeopleImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page
    assert "js/progress.js" in page
    status = client.get(reverse("people_import_status", args=[people_import.pk])).json()
    assert status == {
        "status": "queued",
        "label": "Waiting for the worker",
        "progress": 0.0,
        "finished": False,
        "message": "",
    }
    run_pending_tasks()
    status = client.get(reverse("people_import_status", args=[people_import.pk])).json()
    assert status["finished"] is True
    assert status["status"] == "previewed"
    client.post(reverse("people_import_apply", args=[people_import.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "Applying 30 rows" in page
    run_pending_tasks()
    people_import.refresh_from_db()
    assert people_import.status == Status.APPLIED
