"""From an uploaded file's bytes to a header row and data rows (CSV or XLSX).

CSV: UTF-8 with or without a byte-order mark, UTF-16 with one, or a single-byte encoding
guessed by charset-normalizer; the delimiter is found by the csv module's sniffer. XLSX: read by
openpyxl (dates come out as dates), the header found below any title rows. Nothing here touches
the database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import charset_normalizer
from charset_normalizer.md import mess_ratio
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.lib.errors import DomainError

from .mapping import known_header

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Cell = str | int | float | dt.date | dt.datetime | dt.time | None

# How far down a file the header row is looked for (below a title, notes, empty rows).
HEADER_SEARCH_ROWS = 20
DELIMITERS = ",;\t|"
SNIFF_LINES = 50
# A zip that expands to more than this many times its size is refused (a "zip bomb").
MAX_XLSX_EXPANSION = 40
# Among single-byte encodings that decode a file equally well, the one Western spreadsheet
# tools save in is the likeliest (charset-normalizer ranks its near-twins equally).
PREFERRED_SINGLE_BYTE = ("cp1252", "iso8859_15", "latin_1")
ENCODING_LABELS: dict[str, StrOrPromise] = {
    "utf_8": "UTF-8",
    "utf_8_sig": gettext_lazy("UTF-8 (with BOM)"),
    "utf_16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin_1": "ISO-8859-1",
    "iso8859_15": "ISO-8859-15",
}


class Row(NamedTuple):
    number: int
    cells: tuple[Cell, ...]
    extra: bool


@dataclass
class Table:
    """A sheet of cells: the header row's texts and the rows below it, numbered as a
    spreadsheet numbers them (the first line of the file is row 1)."""

    file_format: str
    encoding: str
    header_row: int
    headers: list[str]
    rows: list[Row] = field(default_factory=list)

    def column(self, header: str) -> Iterator[tuple[int, Cell]]:
        index = self.headers.index(header)
        for row in self.rows:
            yield row.number, row.cells[index] if index < len(row.cells) else None


def file_format(content: bytes) -> str:
    """ "csv" or "xlsx", judged by what the bytes are, not by the file's name."""
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise DomainError(
                _("The file looks like a damaged XLSX file."), field="file"
            ) from error
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            raise DomainError(
                _("This is an OpenDocument spreadsheet: save it as XLSX or CSV and upload that."),
                field="file",
            )
        raise DomainError(_("This file is a zip archive, not a CSV or XLSX file."), field="file")
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError(
            _("This is an old Excel file (.xls): save it as XLSX or CSV and upload that."),
            field="file",
        )
    if content.startswith(b"%PDF"):
        raise DomainError(_("This is a PDF: export the people as CSV or XLSX."), field="file")
    return "csv"


def decode(content: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with; refuses what is not text."""
    if content.startswith(codecs.BOM_UTF8):
        return _strict(content, "utf_8_sig"), "utf_8_sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(content, "utf_16"), "utf_16"
    if b"\x00" in content[:4096]:
        raise DomainError(
            _("This file is not text: upload the people as CSV (UTF-8) or XLSX."), field="file"
        )
    try:
        return content.decode("utf_8"), "utf_8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(content[:1_000_000])
    best = matches.best()
    if best is None:
        raise DomainError(
            _(
                "The file's text encoding could not be recognised: save it as CSV UTF-8 "
                "(in Excel: Save As, then CSV UTF-8) and upload it again."
            ),
            field="file",
        )
    for preferred in PREFERRED_SINGLE_BYTE:
        if _reads_as_cleanly(content, preferred, best.chaos):
            return _strict(content, preferred), preferred
    return _strict(content, best.encoding), best.encoding


def _reads_as_cleanly(content: bytes, encoding: str, chaos: float) -> bool:
    """Whether this encoding reads the text with no more mess than the detector's best guess
    (on a short file, Windows-1252 and its Central European or Baltic twins tie)."""
    try:
        text = content[:1_000_000].decode(encoding)
    except UnicodeDecodeError:
        return False
    return mess_ratio(text) <= chaos + 0.001


def _strict(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise DomainError(
            _("The file is not valid %(encoding)s text: save it as CSV UTF-8 and upload it again.")
            % {"encoding": ENCODING_LABELS.get(encoding, encoding)},
            field="file",
        ) from error


def encoding_label(encoding: str) -> str:
    return str(ENCODING_LABELS.get(encoding, encoding.replace("_", "-").upper()))


def read_table(content: bytes, *, encoding: str | None = None) -> Table:
    """Read a CSV or XLSX file; ``encoding`` overrides the detected one for a CSV."""
    if not content.strip():
        raise DomainError(_("The file is empty."), field="file")
    kind = file_format(content)
    if kind == "xlsx":
        rows = _xlsx_rows(content)
        used = ""
    else:
        if encoding:
            text, used = _strict(content, encoding), encoding
        else:
            text, used = decode(content)
        rows = _csv_rows(text)
    return _table(kind, used, rows)


def _csv_rows(text: str) -> Iterator[Sequence[Cell]]:
    # Spreadsheets quote the way Excel does; only the delimiter varies from export to export.
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=find_delimiter(text))


def find_delimiter(text: str) -> str:
    """The sniffer's guess, checked: the delimiter that splits the first lines into the same
    number of columns (header included) wins; the sniffer decides between equals."""
    sample = text[:65536]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    lines = "\n".join(sample.splitlines()[:SNIFF_LINES])

    def steadiness(delimiter: str) -> tuple[float, bool, int]:
        widths = [len(r) for r in csv.reader(io.StringIO(lines), delimiter=delimiter) if r]
        width, count = Counter(widths).most_common(1)[0] if widths else (0, 0)
        if width < 2:
            return (0.0, delimiter == sniffed, 0)
        return (count / len(widths), delimiter == sniffed, width)

    best = max(DELIMITERS, key=steadiness)
    return best if steadiness(best)[2] else (sniffed or ",")


def _xlsx_rows(content: bytes) -> Iterator[Sequence[Cell]]:
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        expanded = sum(info.file_size for info in archive.infolist())
    if expanded > MAX_XLSX_EXPANSION * len(content) + 10_000_000:
        raise DomainError(_("This XLSX file expands to far more than its size."), field="file")
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise DomainError(
            _("The XLSX file could not be opened: save it again from the spreadsheet tool."),
            field="file",
        ) from error
    try:
        sheet = workbook.active or workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_index(head: list[Sequence[Cell]]) -> int:
    """The header is the first row with two known headers; failing that, the first row that is
    (nearly) as wide as the widest and all text."""
    widths = [sum(not _is_blank(c) for c in row) for row in head]
    widest = max(widths, default=0)
    if widest == 0:
        raise DomainError(_("The file has no header row."), field="file")
    for index, row in enumerate(head):
        texts = [c for c in row if not _is_blank(c)]
        if len(texts) >= 2 and sum(known_header(str(c)) for c in texts) >= 2:
            return index
    for index, row in enumerate(head):
        texts = [c for c in row if not _is_blank(c)]
        if widths[index] >= max(1, 0.8 * widest) and all(isinstance(c, str) for c in texts):
            return index
    return widths.index(widest)


def _table(kind: str, encoding: str, rows: Iterator[Sequence[Cell]]) -> Table:
    head: list[Sequence[Cell]] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    index = _header_index(head)
    headers = _unique_headers(head[index])
    table = Table(file_format=kind, encoding=encoding, header_row=index + 1, headers=headers)
    width = len(headers)
    number = index + 1

    def data() -> Iterator[Sequence[Cell]]:
        yield from head[index + 1 :]
        yield from rows

    for cells in data():
        number += 1
        if all(_is_blank(c) for c in cells):
            continue
        # Values beyond the last header usually mean a stray delimiter or an unclosed quote.
        extra = any(not _is_blank(c) for c in cells[width:])
        table.rows.append(Row(number, tuple(_clean(c) for c in cells[:width]), extra))
    return table


def _clean(cell: Cell) -> Cell:
    if isinstance(cell, str):
        return cell.strip()
    return cell


def _unique_headers(row: Sequence[Cell]) -> list[str]:
    headers: list[str] = []
    seen: dict[str, int] = {}
    last = max((i for i, c in enumerate(row) if not _is_blank(c)), default=-1)
    for position, cell in enumerate(row[: last + 1], start=1):
        text = _header_text(cell) or f"Column {position}"
        count = seen.get(text.casefold(), 0) + 1
        seen[text.casefold()] = count
        headers.append(text if count == 1 else f"{text} ({count})")
    return headers


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())
