"""The people import's rules: matching, every kind of bad row, all or nothing, full sync."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.notify.worker import run_pending_tasks
from circles.orgs.importing import dispatch, services
from circles.orgs.models import ImportMapping, PeopleImport, Person, Role
from circles.orgs.people.services import person_create, person_deactivate
from circles.testing import PASSWORD, make_circle, make_org, make_person, make_programme

from .import_files import (
    GERMAN_CSV,
    GERMAN_ZONES,
    THREE_BAD_ROWS,
    TITLED_XLSX,
    change_cell,
    people_csv,
    to_csv,
)

pytestmark = pytest.mark.django_db
Status = PeopleImport.Status
HEADER = ["Employee ID", "Full Name", "Work Email", "Department", "Time Zone", "Manager Email"]


def run(organisation, content: bytes, *, full_sync: bool = False, apply: bool = True, **kw):
    """Upload, preview and (when the preview is clean) apply, as the page does."""
    people_import = services.import_upload(
        organisation=organisation,
        uploaded_by=None,
        filename="people.csv",
        content=content,
        full_sync=full_sync,
    )
    if kw.get("mapping") is not None:
        services.import_set_mapping(
            people_import=people_import, mapping=kw["mapping"], defaults=kw.get("defaults", {})
        )
    people_import = services.import_preview(people_import=people_import)
    if apply and people_import.status == Status.PREVIEWED:
        services.import_request_apply(people_import=people_import)
        people_import = services.import_apply(people_import=people_import)
    return people_import


def someone(organisation, name: str, email: str, **attributes) -> Person:
    return person_create(
        organisation=organisation, full_name=name, email=email, password=PASSWORD, **attributes
    )


def errors(people_import: PeopleImport) -> list[tuple[int, str, str]]:
    return list(people_import.row_errors.values_list("row_number", "column", "reason"))


def small(*rows: list[str], header: list[str] = HEADER) -> bytes:
    return to_csv([header, *map(list, rows)])


def test_a_clean_file_creates_everyone_with_managers_resolved_in_a_second_pass():
    organisation = make_org()
    # The report comes before her manager: resolving needs every row first.
    content = small(
        ["E2", "Rui Report", "rui@x.example", "Sales", "Europe/Lisbon", "MAYA@x.example"],
        ["E1", "Maya Manager", "Maya@X.example", "Sales", "europe/berlin", ""],
    )
    done = run(organisation, content)
    assert done.status == Status.APPLIED
    assert done.summary["created"] == 2
    rui = Person.objects.get(email="rui@x.example")
    maya = Person.objects.get(email="maya@x.example")
    assert rui.manager == maya
    assert maya.time_zone == "Europe/Berlin"
    assert rui.source == Person.Source.IMPORT
    assert rui.employee_id == "E2"


def test_importing_the_same_file_twice_changes_nothing():
    organisation = make_org()
    content = people_csv(60)
    assert run(organisation, content).summary["created"] == 60
    before = list(Person.objects.order_by("pk").values())
    again = run(organisation, content)
    assert again.summary == {**again.summary, "created": 0, "updated": 0, "unchanged": 60}
    assert list(Person.objects.order_by("pk").values()) == before


def test_changing_one_department_changes_exactly_that_person_field_by_field():
    organisation = make_org()
    content = people_csv(40)
    run(organisation, content)
    changed = change_cell(content, 7, "Department", "Research")
    preview = run(organisation, changed, apply=False)
    assert preview.summary["updated"] == 1
    assert preview.summary["unchanged"] == 39
    (change,) = preview.changes.filter(kind="update")
    assert change.row_number == 9
    assert list(change.details) == ["department"]
    assert change.details["department"][1] == "Research"
    assert Person.objects.get(employee_id="E000007").department != "Research"
    services.import_request_apply(people_import=preview)
    services.import_apply(people_import=preview)
    assert Person.objects.get(employee_id="E000007").department == "Research"
    assert Person.objects.filter(department="Research").count() == 1


def test_three_bad_rows_are_each_reported_and_nothing_is_imported():
    organisation = make_org()
    content = people_csv(600, bad=THREE_BAD_ROWS)
    done = run(organisation, content)
    assert done.status == Status.INVALID
    found = errors(done)
    assert [(row, column) for row, column, _ in found] == [
        (101, "Time Zone"),
        (501, "Job Level"),
        (601, "Work Email"),
    ]
    for (_row, _column, reason), (*_, expected) in zip(found, THREE_BAD_ROWS, strict=True):
        assert expected in reason
    assert not Person.objects.filter(organisation=organisation).exists()
    with pytest.raises(DomainError):
        services.import_request_apply(people_import=done)


@pytest.mark.parametrize(
    ("rows", "column", "reason"),
    [
        ([["E1", "A", "a@x", "", "", ""]], "Work Email", "not a valid email"),
        ([["E1", "A", "", "", "", ""]], "Work Email", "email is missing"),
        ([["E1", "", "a@x.example", "", "", ""]], "Full Name", "name is missing"),
        (
            [["E1", "A", "a@x.example", "", "", ""], ["E2", "B", "A@X.example", "", "", ""]],
            "Work Email",
            "Duplicate email a@x.example: also on row 2",
        ),
        (
            [["E1", "A", "a@x.example", "", "", ""], ["E1", "B", "b@x.example", "", "", ""]],
            "Employee ID",
            "Duplicate employee id E1: also on row 2",
        ),
        ([["E1", "A", "a@x.example", "", "Mars/Base", ""]], "Time Zone", "not a known time zone"),
        (
            [["E1", "A", "a@x.example", "", "", "nobody@x.example"]],
            "Manager Email",
            "Manager not found",
        ),
        ([["E1", "A", "a@x.example", "", "", "a@x.example"]], "Manager Email", "own manager"),
        (
            [
                ["E1", "A", "a@x.example", "", "", "b@x.example"],
                ["E2", "B", "b@x.example", "", "", "a@x.example"],
            ],
            "Manager Email",
            "Manager cycle: A → B → A",
        ),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_column_and_reason(rows, column, reason):
    organisation = make_org()
    done = run(organisation, small(*rows))
    assert done.status == Status.INVALID
    assert any(c == column and reason in r for _row, c, r in errors(done)), errors(done)
    assert not Person.objects.filter(organisation=organisation).exists()


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("Hire Date", "31.02.2020", "not a date that exists"),
        ("Hire Date", "next monday", "not a date"),
        ("Job Level", "0", "out of range"),
        ("Job Level", "3.5", "not a whole number"),
        ("Job Level", "senior", "not a level"),
        ("Work Start", "25:00", "not a time of day"),
    ],
)
def test_unparseable_dates_levels_and_times_are_bad_rows(header, value, reason):
    organisation = make_org()
    content = small(["A", "a@x.example", value], header=["Full Name", "Work Email", header])
    people_import = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="f.csv", content=content
    )
    services.import_set_mapping(
        people_import=people_import,
        mapping={
            "full_name": "Full Name",
            "email": "Work Email",
            {"Hire Date": "start_date", "Job Level": "level", "Work Start": "work_starts_at"}[
                header
            ]: header,
        },
        defaults={"time_zone": "UTC"},
    )
    done = services.import_preview(people_import=people_import)
    assert done.status == Status.INVALID
    ((row, column, message),) = errors(done)
    assert (row, column) == (2, header)
    assert reason in message


def test_working_hours_must_end_after_they_start_counting_the_current_value():
    organisation = make_org()
    someone(organisation, "Ann", "ann@x.example", employee_id="E1")
    content = small(["E1", "Ann", "ann@x.example", "08:00"], header=[*HEADER[:3], "Work End"])
    people_import = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="f.csv", content=content
    )
    services.import_set_mapping(
        people_import=people_import,
        mapping={
            "employee_id": "Employee ID",
            "full_name": "Full Name",
            "email": "Work Email",
            "work_ends_at": "Work End",
        },
        defaults={"time_zone": "UTC"},
    )
    done = services.import_preview(people_import=people_import)
    assert "must end after they start (09:00 to 08:00)" in errors(done)[0][2]


def test_people_are_matched_by_employee_id_first_then_by_email_case_insensitively():
    organisation = make_org()
    by_id = someone(organisation, "Old Name", "old@x.example", employee_id="E1")
    by_email = someone(organisation, "Bo", "bo@x.example")
    content = small(
        ["E1", "New Name", "new@x.example", "", "", ""],
        ["E2", "Bo", "BO@x.example", "", "", ""],
    )
    done = run(organisation, content)
    assert done.summary["created"] == 0
    by_id.refresh_from_db()
    by_email.refresh_from_db()
    assert (by_id.full_name, by_id.email) == ("New Name", "new@x.example")
    assert by_email.employee_id == "E2"
    assert Person.objects.filter(organisation=organisation).count() == 2


def test_a_row_whose_employee_id_and_email_belong_to_two_people_is_an_error():
    organisation = make_org()
    someone(organisation, "Ann", "ann@x.example", employee_id="E1")
    someone(organisation, "Bo", "bo@x.example", employee_id="E2")
    done = run(organisation, small(["E1", "Ann", "bo@x.example", "", "", ""]))
    assert "Employee id E1 belongs to Ann, but bo@x.example to Bo" in errors(done)[0][2]
    done = run(organisation, small(["E9", "Bo", "bo@x.example", "", "", ""]))
    assert "whose employee id is E2, not E9" in errors(done)[0][2]


def test_a_changed_email_moves_the_login_too_unless_another_login_has_it():
    organisation = make_org()
    ann = make_person(organisation, "Ann", employee_id="E1")
    someone(make_org(), "Elsewhere", "taken@x.example")
    done = run(organisation, small(["E1", "Ann", "taken@x.example", "", "", ""]))
    assert "already another person's login" in errors(done)[0][2]
    run(organisation, small(["E1", "Ann", "ann.new@x.example", "", "", ""]))
    ann.refresh_from_db()
    assert ann.user is not None
    assert ann.user.email == "ann.new@x.example"


def test_full_sync_deactivates_people_missing_from_the_file_through_the_people_service():
    organisation = make_org()
    admin = make_person(organisation, "Ada Admin", role=Role.ADMIN, employee_id="E1")
    leaver = make_person(organisation, "Lee Leaver", employee_id="E9")
    circle = make_circle(make_programme(organisation, [admin], min_circle_size=2), [admin, leaver])
    content = small(["E1", "Ada Admin", admin.email, "", "", ""])
    preview = run(organisation, content, full_sync=True, apply=False)
    assert preview.summary["deactivated"] == 1
    assert [c.full_name for c in preview.changes.filter(kind="deactivate")] == ["Lee Leaver"]
    services.import_request_apply(people_import=preview)
    services.import_apply(people_import=preview)
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert leaver.user is not None
    assert not leaver.user.is_active
    membership = Membership.objects.get(circle=circle, person=leaver)
    assert membership.left_on == timezone.localdate()
    # Without full sync, people missing from the file are left alone.
    assert run(organisation, content).summary["deactivated"] == 0


def test_full_sync_refuses_to_deactivate_every_admin():
    organisation = make_org()
    make_person(organisation, "Ada Admin", role=Role.ADMIN)
    done = run(organisation, small(["E5", "Someone", "s@x.example", "", "", ""]), full_sync=True)
    assert done.status == Status.INVALID
    assert "every organisation admin" in errors(done)[0][2]


def test_a_manager_who_would_be_deactivated_by_the_full_sync_is_an_error():
    organisation = make_org()
    someone(organisation, "Ada Admin", "ada@x.example", role=Role.ADMIN)
    someone(organisation, "Max Manager", "max@x.example")
    rows = (
        ["", "Ada Admin", "ada@x.example", "", "", ""],
        ["E2", "Rui", "rui@x.example", "", "", "max@x.example"],
    )
    done = run(organisation, small(*rows), full_sync=True)
    assert "the full sync would deactivate them" in errors(done)[0][2]
    assert run(organisation, small(*rows)).status == Status.APPLIED


def test_someone_who_left_and_is_in_the_file_again_comes_back():
    organisation = make_org()
    make_person(organisation, "Ada Admin", role=Role.ADMIN)
    back = make_person(organisation, "Bea Back", employee_id="E3")
    person_deactivate(person=back)
    done = run(organisation, small(["E3", "Bea Back", back.email, "", "", ""]))
    assert done.summary["updated"] == 1
    assert done.changes.get(kind="update").details == {"is_active": ["inactive", "active"]}
    back.refresh_from_db()
    assert back.is_active


def test_a_manager_cycle_through_people_already_in_the_organisation_is_caught():
    organisation = make_org()
    boss = someone(organisation, "Boss", "boss@x.example", employee_id="B")
    someone(organisation, "Deputy", "dep@x.example", employee_id="D", manager=boss)
    # The file makes the boss report to the deputy, who (outside the file) reports to the boss.
    content = small(["B", "Boss", "boss@x.example", "", "", "dep@x.example"])
    done = run(organisation, content)
    assert "Manager cycle: Boss → Deputy → Boss" in errors(done)[0][2]


def test_an_offices_time_zone_is_for_newcomers_and_people_who_move_office():
    organisation = make_org()
    header = ["Employee ID", "Full Name", "Work Email", "Office"]
    content = small(
        ["E1", "Ann", "ann@x.example", "Wien"], ["E2", "Bo", "bo@x.example", "Wien"], header=header
    )
    zones = {"time_zone_by_location": {"Wien": "Europe/Vienna", "Tokio": "Asia/Tokyo"}}
    mapping = {"employee_id": "Employee ID", "full_name": "Full Name", "email": "Work Email"}
    mapping["location"] = "Office"
    run(organisation, content, mapping=mapping, defaults=zones)
    assert set(Person.objects.values_list("time_zone", flat=True)) == {"Europe/Vienna"}
    Person.objects.filter(employee_id="E1").update(time_zone="America/New_York")
    moved = small(
        ["E1", "Ann", "ann@x.example", "Wien"], ["E2", "Bo", "bo@x.example", "Tokio"], header=header
    )
    done = run(organisation, moved)
    assert done.summary["updated"] == 1
    assert Person.objects.get(employee_id="E1").time_zone == "America/New_York"
    assert Person.objects.get(employee_id="E2").time_zone == "Asia/Tokyo"


def test_a_blank_cell_clears_optional_fields_and_keeps_required_ones():
    organisation = make_org()
    ann = make_person(
        organisation, "Ann", employee_id="E1", department="Sales", time_zone="Asia/Tokyo"
    )
    run(organisation, small(["E1", "Ann", ann.email, "", "", ""]))
    ann.refresh_from_db()
    assert ann.department == ""
    assert ann.time_zone == "Asia/Tokyo"


def test_a_remembered_mapping_is_used_for_the_next_file_with_the_same_columns():
    organisation = make_org()
    content = GERMAN_CSV.read_bytes()
    first = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="de.csv", content=content
    )
    assert first.status == Status.NEEDS_MAPPING
    assert first.encoding == "cp1252"
    with pytest.raises(DomainError, match="time zone for every office"):
        services.import_set_mapping(people_import=first, mapping=first.mapping, defaults={})
    services.import_set_mapping(
        people_import=first,
        mapping=first.mapping,
        defaults={"time_zone_by_location": GERMAN_ZONES},
    )
    assert ImportMapping.objects.filter(organisation=organisation).count() == 1
    second = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="de.csv", content=content
    )
    assert second.status == Status.QUEUED
    assert second.summary["remembered"] is True
    done = services.import_preview(people_import=second)
    assert done.status == Status.PREVIEWED, errors(done)
    services.import_request_apply(people_import=done)
    services.import_apply(people_import=done)
    assert Person.objects.filter(organisation=organisation).count() == 400
    zoe = Person.objects.get(organisation=organisation, employee_id="10000")
    assert (zoe.full_name, zoe.location, zoe.time_zone) == (
        "Zoë Fernández",
        "Lissabon",
        "Europe/Lisbon",
    )
    assert zoe.start_date == dt.date(2022, 7, 7)
    assert Person.objects.filter(organisation=organisation, time_zone="Europe/Berlin").count() > 0
    assert Person.objects.filter(organisation=organisation, manager__isnull=False).count() > 300


def test_the_xlsx_sample_imports_as_it_is_and_then_matches_the_german_one():
    organisation = make_org()
    done = run(organisation, TITLED_XLSX.read_bytes())
    assert done.status == Status.APPLIED, errors(done)
    assert done.summary["created"] == 400
    assert done.summary["header_row"] == 3
    first = Person.objects.get(organisation=organisation, employee_id="10000")
    assert first.start_date == dt.date(2022, 7, 7)
    assert first.time_zone == "Europe/Lisbon"
    german = services.import_upload(
        organisation=organisation,
        uploaded_by=None,
        filename="de.csv",
        content=GERMAN_CSV.read_bytes(),
    )
    services.import_set_mapping(
        people_import=german,
        mapping=german.mapping,
        defaults={"time_zone_by_location": GERMAN_ZONES},
    )
    preview = services.import_preview(people_import=german)
    # The same 400 people: matched by employee id, nobody new.
    assert preview.summary["created"] == 0
    assert preview.summary["unchanged"] + preview.summary["updated"] == 400


def test_large_files_are_checked_and_applied_on_the_worker(monkeypatch):
    monkeypatch.setattr(services, "INLINE_ROWS", 10)
    organisation = make_org()
    people_import = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="p.csv", content=people_csv(30)
    )
    dispatch.import_dispatch(people_import=people_import)
    people_import.refresh_from_db()
    assert people_import.status == Status.QUEUED
    run_pending_tasks()
    people_import.refresh_from_db()
    assert people_import.status == Status.PREVIEWED
    services.import_request_apply(people_import=people_import)
    dispatch.import_dispatch(people_import=people_import)
    assert not Person.objects.filter(organisation=organisation).exists()
    run_pending_tasks()
    people_import.refresh_from_db()
    assert people_import.status == Status.APPLIED
    assert people_import.progress == 1.0
    assert Person.objects.filter(organisation=organisation).count() == 30


def test_applying_twice_applies_once():
    organisation = make_org()
    preview = run(organisation, people_csv(5), apply=False)
    services.import_request_apply(people_import=preview)
    with pytest.raises(DomainError, match="already"):
        services.import_request_apply(people_import=preview)
    services.import_apply(people_import=preview)
    services.import_apply(people_import=preview)
    assert Person.objects.filter(organisation=organisation).count() == 5


def test_a_change_in_the_organisation_after_the_preview_is_caught_when_applying():
    organisation = make_org()
    preview = run(organisation, small(["E1", "Ann", "ann@x.example", "", "", ""]), apply=False)
    someone(organisation, "Other Ann", "ann@x.example", employee_id="E7")
    services.import_request_apply(people_import=preview)
    done = services.import_apply(people_import=preview)
    assert done.status == Status.INVALID
    assert "belongs to Other Ann, whose employee id is E7" in errors(done)[0][2]
    assert Person.objects.get(email="ann@x.example").full_name == "Other Ann"


def test_uploads_that_are_too_large_or_empty_are_refused_and_nothing_is_stored(settings):
    organisation = make_org()
    settings.CIRCLES_IMPORT_MAX_MB = 0.001
    with pytest.raises(DomainError, match="larger than"):
        services.import_upload(
            organisation=organisation, uploaded_by=None, filename="p.csv", content=people_csv(50)
        )
    settings.CIRCLES_IMPORT_MAX_MB = 5
    with pytest.raises(DomainError, match="no people below"):
        services.import_upload(
            organisation=organisation, uploaded_by=None, filename="p.csv", content=small()
        )
    assert not PeopleImport.objects.exists()


def test_the_errors_download_lists_every_error():
    organisation = make_org()
    done = run(organisation, people_csv(600, bad=THREE_BAD_ROWS))
    lines = services.import_errors_csv(done).splitlines()
    assert lines[0] == "row,column,reason"
    assert [line.split(",")[0] for line in lines[1:]] == ["101", "501", "601"]


def test_the_errors_download_never_holds_a_spreadsheet_formula():
    organisation = make_org()
    header = ["=HYPERLINK(1)", "Full Name", "Work Email"]
    content = small(["7", "Ann", "a@x.example"], ["7", "Bo", "b@x.example"], header=header)
    people_import = services.import_upload(
        organisation=organisation, uploaded_by=None, filename="f.csv", content=content
    )
    services.import_set_mapping(
        people_import=people_import,
        mapping={"employee_id": header[0], "full_name": "Full Name", "email": "Work Email"},
        defaults={"time_zone": "UTC"},
    )
    done = services.import_preview(people_import=people_import)
    assert errors(done)[0][1] == "=HYPERLINK(1)"
    assert "\n3,'=HYPERLINK(1),Duplicate employee id 7" in services.import_errors_csv(done)


def test_an_applied_import_keeps_its_outcome_but_not_the_file():
    organisation = make_org()
    done = run(organisation, people_csv(3))
    assert done.status == Status.APPLIED
    assert bytes(done.content) == b""
    assert done.changes.filter(kind="create").count() == 3


@st.composite
def exports(draw):
    """A small export: people with any mix of fields, managers among earlier rows."""
    count = draw(st.integers(1, 12))
    rows = []
    for n in range(count):
        manager = draw(st.one_of(st.none(), st.integers(0, n - 1))) if n else None
        rows.append(
            [
                f"E{n}",
                draw(st.sampled_from(["Ann", "Zoë Müller", "Jo O'Neil", "Li, Wei"])) + f" {n}",
                draw(st.sampled_from([f"p{n}@x.example", f"P{n}@X.Example"])),
                draw(st.sampled_from(["", "Sales", "R&D", "Vertrieb"])),
                draw(st.sampled_from(["UTC", "Europe/Berlin", "asia/tokyo"])),
                "" if manager is None else f"p{manager}@x.example",
            ]
        )
    return rows


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=exports(), changed=st.integers(0, 11), delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_export_imports_once_then_changes_nothing_and_one_edit_changes_one_person(
    rows, changed, delimiter
):
    organisation = make_org()
    content = to_csv([HEADER, *rows], delimiter=delimiter)
    first = run(organisation, content)
    assert first.status == Status.APPLIED, errors(first)
    assert first.summary["created"] == len(rows)
    again = run(organisation, content)
    assert (again.summary["created"], again.summary["updated"]) == (0, 0)
    index = changed % len(rows)
    rows[index][3] = "Moved elsewhere"
    edited = run(organisation, to_csv([HEADER, *rows], delimiter=delimiter))
    assert (edited.summary["created"], edited.summary["updated"]) == (0, 1)
    assert Person.objects.get(organisation=organisation, employee_id=f"E{index}").department == (
        "Moved elsewhere"
    )
