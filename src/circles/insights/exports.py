"""CSV and XLSX exports of exactly the figures a dashboard shows, suppressed cells included as
"suppressed": an export never holds a number the page would not show.

The CSV carries the figures as the page writes them ("83%", "4.2"). The XLSX holds numbers a
spreadsheet can compute with: rates as fractions formatted as percentages, scores as decimals,
counts of people as integers, months as dates; only "suppressed" and "no data" are text.

What people read is in the language active when the file is made: the column headers, the sheet's
title, the metrics' names and the words that name a row (the time range, "No department"). The
data stays the same in every language: the section codes, the figures with the words that stand
for a hidden or missing one ("suppressed", "no data"), counts, names people gave, CSV months.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from circles.lib.spreadsheet import inert_cell

from . import metrics
from .cells import CIRCLE, DEPARTMENT
from .selectors import Dashboard, Shown

# Translators: the column headers of a dashboard's export (CSV and spreadsheet), lowercase.
HEADER = [
    pgettext_lazy("export column", "section"),
    pgettext_lazy("export column", "group"),
    pgettext_lazy("export column", "metric"),
    pgettext_lazy("export column", "value"),
    pgettext_lazy("export column", "people"),
]
PERCENT = "0%"
SCORE = "0.0"
MONTH = "mmm yyyy"


@dataclass(frozen=True)
class ExportRow:
    section: str
    group: str | dt.date  # a month for the rows by month
    metric: metrics.Metric
    shown: Shown

    def texts(self) -> list[str]:
        group = self.group.strftime("%Y-%m") if isinstance(self.group, dt.date) else self.group
        people = "" if self.shown.people is None else str(self.shown.people)
        return [self.section, group, self.metric.local_label, self.shown.text, people]


def header() -> list[str]:
    """The column headers, in the language active now."""
    return [str(name) for name in HEADER]


def _scope(dashboard: Dashboard) -> str:
    """The name of the overall rows: "Pilot (last 3 months)"."""
    label = str(dashboard.time_range.label)
    # Mid-sentence: only the first letter lowered, so that a language that capitalises its
    # nouns keeps them.
    return pgettext("export scope", "%(title)s (%(range)s)") % {
        "title": dashboard.title,
        "range": label[:1].lower() + label[1:],
    }


def export_rows(dashboard: Dashboard) -> list[ExportRow]:
    rows: list[ExportRow] = []
    scope = _scope(dashboard)
    for metric, shown in dashboard.headline():
        rows.append(ExportRow("overall", scope, metric, shown))
    for metric, points in dashboard.series():
        for month, shown in points:
            rows.append(ExportRow("by month", month, metric, shown))
    for section, table in (("by department", DEPARTMENT), ("by circle", CIRCLE)):
        source = dashboard.departments() if table == DEPARTMENT else dashboard.circles()
        for key, cells in source:
            for metric, shown in cells:
                rows.append(ExportRow(section, dashboard.local_label(table, key), metric, shown))
    return rows


def to_csv(dashboard: Dashboard) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in export_rows(dashboard):
        writer.writerow([inert_cell(value) for value in row.texts()])
    return buffer.getvalue()


def _value(row: ExportRow) -> tuple[float | str, str | None]:
    """The figure as a number with its display format, or the page's word for no figure."""
    shown = row.shown
    if shown.value is None:
        return shown.text, None
    if row.metric.kind == metrics.RATE:
        # Shown.value is a percentage rounded to 0.1; the sheet holds the fraction.
        return round(shown.value / 100, 4), PERCENT
    return shown.value, SCORE


def to_xlsx(dashboard: Dashboard) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    # Translators: the title of the spreadsheet's one sheet (at most 31 characters).
    sheet.title = _("Figures")
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in export_rows(dashboard):
        value, value_format = _value(row)
        group = row.group if isinstance(row.group, dt.date) else inert_cell(row.group)
        sheet.append([row.section, group, row.metric.local_label, value, row.shown.people])
        cells = sheet[sheet.max_row]
        if isinstance(row.group, dt.date):
            cells[1].number_format = MONTH
        if value_format:
            cells[3].number_format = value_format
        if row.shown.people is not None:
            cells[4].number_format = "0"
    for letter, width in zip("ABCDE", (16, 36, 28, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
