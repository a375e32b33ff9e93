"""Reading HR exports: encodings, delimiters, title rows, XLSX cells, and files refused."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circles.lib.errors import DomainError
from circles.orgs.importing.reading import file_format, read_table

from .import_files import GERMAN_CSV, TITLED_XLSX

HEADERS = ["Employee ID", "Full Name", "Work Email", "Department"]
ROWS = [["1", "Zoë Müller", "zoe@x.example", "Vertrieb"], ["2", "Jürgen Groß", "j@x.example", ""]]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_common_encodings_and_delimiters_read_the_same(encoding, delimiter):
    table = read_table(csv_bytes([HEADERS, *ROWS], delimiter=delimiter, encoding=encoding))
    assert table.headers == HEADERS
    assert [list(row.cells) for row in table.rows] == ROWS
    assert [row.number for row in table.rows] == [2, 3]


def test_a_short_windows_1252_file_is_not_taken_for_one_of_its_twins():
    content = csv_bytes([HEADERS, ["Zoë", "Zoë", "Zoë", "Müller"]], encoding="cp1252")
    table = read_table(content)
    assert table.encoding == "cp1252"
    assert table.rows[0].cells == ("Zoë", "Zoë", "Zoë", "Müller")


def test_the_german_sample_is_read_as_windows_1252_with_semicolons():
    table = read_table(GERMAN_CSV.read_bytes())
    assert (table.file_format, table.encoding, table.header_row) == ("csv", "cp1252", 1)
    assert table.headers[3] == "E-Mail (geschäftlich)"
    assert len(table.rows) == 400
    assert table.rows[0].cells[:3] == ("10000", "Zoë", "Fernández")


def test_the_xlsx_sample_finds_its_header_below_the_title_and_keeps_real_dates():
    table = read_table(TITLED_XLSX.read_bytes())
    assert (table.file_format, table.header_row) == ("xlsx", 3)
    assert table.headers[:3] == ["Employee ID", "First Name", "Last Name"]
    first = table.rows[0]
    assert first.number == 4
    assert first.cells[0] == 10000
    assert isinstance(first.cells[8], dt.datetime)


def test_a_csv_title_row_and_blank_lines_above_the_header_are_skipped():
    content = csv_bytes([["People export, 1 Dec"], [], HEADERS, ROWS[0], [], ROWS[1]])
    table = read_table(content)
    assert table.header_row == 3
    assert [row.number for row in table.rows] == [4, 6]


def test_blank_and_repeated_headers_get_names_of_their_own():
    table = read_table(csv_bytes([["Name", "", "Name", "Email"], ["a", "b", "c", "d"]]))
    assert table.headers == ["Name", "Column 2", "Name (2)", "Email"]


def test_values_past_the_last_header_are_flagged():
    table = read_table(csv_bytes([["Name", "Email"], ["a", "a@x.example", "stray"]]))
    assert table.rows[0].extra


def test_an_xlsx_written_by_openpyxl_reads_numbers_and_dates():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Staff export"])
    sheet.append([])
    sheet.append(["Employee ID", "Full Name", "Work Email", "Hire Date", "Job Level"])
    sheet.append([7.0, "Ann", "ann@x.example", dt.date(2020, 1, 2), 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.header_row == 3
    assert table.rows[0].cells[3] == dt.datetime(2020, 1, 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel file"),
        (b"%PDF-1.7", "PDF"),
        (b"PK\x03\x04garbage", "damaged"),
        (bytes(range(256)) * 4, "not text"),
        (codecs.BOM_UTF8 + b"Name\n\xff\xfe", "not valid UTF-8"),
    ],
)
def test_files_that_are_not_readable_exports_are_refused_with_a_reason(content, message):
    with pytest.raises(DomainError, match=message):
        read_table(content)


def test_the_type_is_judged_by_content_not_by_name():
    assert file_format(TITLED_XLSX.read_bytes()) == "xlsx"
    assert file_format(b"Name,Email\n") == "csv"


# Words as HR data holds them, with the characters that make quoting and sniffing hard.
WORDS = (
    "Zoë", "Müller", "Groß", "Jürgen", "Ana", "Señora", "O'Neil", "Smith, Jr.", 'say "hi"',
    "R&D", "a|b", "x;y", "Tab\there", "10000", "3.5", "2024-01-02", "07.07.2022", "ann@x.example",
)  # fmt: skip
cell = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=15),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_any_table_written_by_a_spreadsheet_reads_back_cell_for_cell(rows, delimiter, encoding):
    table = read_table(csv_bytes([HEADERS, *rows], delimiter=delimiter, encoding=encoding))
    assert table.headers == HEADERS
    assert [list(row.cells) for row in table.rows] == rows
