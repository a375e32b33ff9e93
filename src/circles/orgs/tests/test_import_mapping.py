"""Column mapping: suggestions from the headers HR systems export, checks, time zones by office."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from circles.lib.errors import DomainError
from circles.orgs.importing.mapping import (
    check_defaults,
    check_mapping,
    headers_key,
    needs_mapping_step,
    normalise_header,
    suggest_mapping,
    suggest_time_zone,
)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Employee ID", "Full Name", "Work Email", "Department", "Manager Email", "Time Zone",
             "Location", "Job Level", "Hire Date"],
            {"employee_id": "Employee ID", "full_name": "Full Name", "email": "Work Email",
             "department": "Department", "manager": "Manager Email", "time_zone": "Time Zone",
             "location": "Location", "level": "Job Level", "start_date": "Hire Date"},
        ),
        (
            ["Personalnummer", "Vorname", "Nachname", "E-Mail (geschäftlich)", "Abteilung",
             "Standort", "Vorgesetzte/r (Personalnummer)", "Eintrittsdatum", "Karrierestufe"],
            {"employee_id": "Personalnummer", "first_name": "Vorname", "last_name": "Nachname",
             "email": "E-Mail (geschäftlich)", "department": "Abteilung", "location": "Standort",
             "manager": "Vorgesetzte/r (Personalnummer)", "start_date": "Eintrittsdatum",
             "level": "Karrierestufe"},
        ),
        (
            ["Worker ID", "First Name", "Last Name", "Email Address", "Business Title", "Office",
             "Supervisor", "Original Hire Date", "Grade"],
            {"employee_id": "Worker ID", "first_name": "First Name", "last_name": "Last Name",
             "email": "Email Address", "job_family": "Business Title", "location": "Office",
             "manager": "Supervisor", "start_date": "Original Hire Date", "level": "Grade"},
        ),
        (
            ["Name", "First name", "Last name", "E-mail"],
            {"first_name": "First name", "last_name": "Last name", "email": "E-mail"},
        ),
    ],
)  # fmt: skip
def test_headers_from_hr_systems_are_recognised(headers, expected):
    assert suggest_mapping(headers) == expected


def test_the_manager_email_column_is_never_taken_for_the_persons_email():
    mapping = suggest_mapping(["Manager Email", "Name", "Email (work)"])
    assert mapping["manager"] == "Manager Email"
    assert mapping["email"] == "Email (work)"


@given(st.permutations(["Employee ID", "Full Name", "Work Email", "Abteilung"]))
def test_a_layout_is_known_again_whatever_the_order_or_case_of_its_columns(headers):
    assert headers_key(headers) == headers_key(
        ["employee id", "FULL NAME", "work email", "abteilung"]
    )
    assert headers_key(headers) != headers_key(["Employee ID", "Full Name", "Work Email"])


def test_header_normalisation_drops_case_accents_and_punctuation():
    assert normalise_header(" E-Mail (Geschäftlich) ") == "e mail geschaftlich"
    assert normalise_header("Straße") == "strasse"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"full_name": "Name"}, "work email"),
        ({"email": "Email"}, "full name"),
        ({"email": "Email", "full_name": "Nope"}, "no column “Nope”"),
        ({"email": "Email", "full_name": "Email"}, "chosen for both"),
        ({"email": "Email", "full_name": "Name", "shoe_size": "Name"}, "Unknown fields"),
    ],
)
def test_a_mapping_needs_an_email_and_a_name_from_the_files_own_columns(mapping, message):
    with pytest.raises(DomainError, match=message):
        check_mapping(["Name", "Email"], mapping)


def test_defaults_hold_known_time_zones_only():
    assert check_defaults({"time_zone_by_location": {"Wien": "europe/vienna"}}) == {
        "time_zone_by_location": {"Wien": "Europe/Vienna"},
        "date_order": "dmy",
    }
    with pytest.raises(DomainError, match="not a known time zone"):
        check_defaults({"time_zone": "Mars/Base"})
    with pytest.raises(DomainError, match="date_order"):
        check_defaults({"date_order": "ymd"})


@pytest.mark.parametrize(
    ("office", "zone"),
    [("Berlin", "Europe/Berlin"), ("Zürich", "Europe/Zurich"), ("München", "Europe/Berlin"),
     ("Wien", "Europe/Vienna"), ("Lissabon", "Europe/Lisbon"), ("New York", "America/New_York"),
     ("Atlantis", "")],
)  # fmt: skip
def test_time_zones_are_suggested_from_office_names(office, zone):
    assert suggest_time_zone(office) == zone


def test_a_mapping_step_is_needed_without_email_name_or_time_zone():
    complete = {"email": "E", "full_name": "N", "time_zone": "T"}
    assert needs_mapping_step(complete, {}) == []
    assert needs_mapping_step({"email": "E", "full_name": "N"}, {"time_zone": "UTC"}) == []
    reasons = needs_mapping_step({"full_name": "N"}, {})
    assert any("email" in r for r in reasons)
    assert any("time zone" in r for r in reasons)
