"""`circles import_people`: counts, every error with its row, dry runs, mappings from a file."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from circles.orgs.models import ImportMapping, Person
from circles.testing import make_org

from .import_files import (
    GERMAN_CSV,
    GERMAN_ZONES,
    THREE_BAD_ROWS,
    TITLED_XLSX,
    change_cell,
    people_csv,
)

pytestmark = pytest.mark.django_db


def import_people(*args: str) -> str:
    out = StringIO()
    call_command("import_people", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def organisation():
    return make_org()


def test_it_imports_a_file_and_prints_the_counts(organisation, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(people_csv(50))
    out = import_people("--organisation", organisation.slug, str(path))
    assert "Created: 50\nUpdated: 0\nUnchanged: 0\nDeactivated: 0" in out
    assert Person.objects.filter(organisation=organisation).count() == 50
    out = import_people("--organisation", organisation.slug, str(path))
    assert "Created: 0\nUpdated: 0\nUnchanged: 50" in out
    path.write_bytes(change_cell(path.read_bytes(), 3, "Department", "Research"))
    out = import_people("--organisation", organisation.slug, str(path))
    assert "Updated: 1\nUnchanged: 49" in out


def test_a_dry_run_shows_the_counts_and_changes_nothing(organisation, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(people_csv(20))
    out = import_people("--organisation", organisation.slug, "--dry-run", str(path))
    assert "Would be created: 20" in out
    assert not Person.objects.filter(organisation=organisation).exists()


def test_a_bad_file_exits_non_zero_listing_every_error_and_imports_nothing(
    organisation, tmp_path, capsys
):
    path = tmp_path / "people.csv"
    path.write_bytes(people_csv(600, bad=THREE_BAD_ROWS))
    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError, match="3 error"):
            import_people("--organisation", organisation.slug, *extra, str(path))
        printed = capsys.readouterr().out
        for row in ("101", "501", "601"):
            assert row in printed
        assert "not a known time zone" in printed
    assert not Person.objects.filter(organisation=organisation).exists()


def test_a_file_that_is_not_an_export_an_unknown_organisation_or_file_are_refused(
    organisation, tmp_path
):
    # CommandError is what makes `circles import_people` exit with status 1.
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0binary")
    with pytest.raises(CommandError, match="not text"):
        import_people("--organisation", organisation.slug, str(path))
    # And an unknown organisation or file, too.
    with pytest.raises(CommandError, match="No organisation"):
        import_people("--organisation", "nope", str(path))
    with pytest.raises(CommandError, match="No such file"):
        import_people("--organisation", organisation.slug, str(tmp_path / "missing.csv"))


def test_the_xlsx_sample_imports_with_no_mapping(organisation):
    out = import_people("--organisation", organisation.slug, str(TITLED_XLSX))
    assert "Created: 400" in out


def test_the_german_sample_needs_a_mapping_once_then_it_is_remembered(organisation, tmp_path):
    printed = StringIO()
    with pytest.raises(CommandError, match="needs a column mapping"):
        call_command(
            "import_people", "--organisation", organisation.slug, str(GERMAN_CSV), stdout=printed
        )
    suggested = json.loads(printed.getvalue()[printed.getvalue().index("{") :])
    assert suggested["mapping"]["employee_id"] == "Personalnummer"
    assert suggested["time_zone_by_location"] == GERMAN_ZONES
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(suggested), encoding="utf-8")
    out = import_people(
        "--organisation", organisation.slug, "--dry-run", "--mapping", str(mapping), str(GERMAN_CSV)
    )
    assert "Would be created: 400" in out
    assert not ImportMapping.objects.exists()  # a dry run remembers nothing
    out = import_people(
        "--organisation", organisation.slug, "--mapping", str(mapping), str(GERMAN_CSV)
    )
    assert "Created: 400" in out
    out = import_people("--organisation", organisation.slug, str(GERMAN_CSV))
    assert "Unchanged: 400" in out
    assert Person.objects.get(organisation=organisation, employee_id="10002").time_zone == (
        "Europe/Zurich"
    )


def test_a_broken_mapping_file_is_refused(organisation, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="could not be read"):
        import_people(
            "--organisation", organisation.slug, "--mapping", str(mapping), str(GERMAN_CSV)
        )
    mapping.write_text(json.dumps({"mapping": {"email": "Nope"}}), encoding="utf-8")
    with pytest.raises(CommandError, match="no column “Nope”"):
        import_people(
            "--organisation", organisation.slug, "--mapping", str(mapping), str(GERMAN_CSV)
        )


def test_full_sync_deactivates_people_missing_from_the_file(organisation, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(people_csv(10))
    import_people("--organisation", organisation.slug, str(path))
    path.write_bytes(people_csv(8))
    out = import_people("--organisation", organisation.slug, "--full-sync", str(path))
    assert "Deactivated: 2" in out
    assert Person.objects.filter(organisation=organisation, is_active=True).count() == 8
