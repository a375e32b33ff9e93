"""CSV and XLSX exports of exactly the figures a dashboard shows, suppressed cells included as
"suppressed": an export never holds a number the page would not show."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from .cells import CIRCLE, DEPARTMENT
from .selectors import Dashboard

HEADER = ["section", "group", "metric", "value", "people"]


def export_rows(dashboard: Dashboard) -> list[list[str]]:
    rows: list[list[str]] = []
    scope = f"{dashboard.title} ({dashboard.time_range.label.lower()})"
    for metric, shown in dashboard.headline():
        rows.append(["overall", scope, metric.label, shown.text, _people(shown.people)])
    for metric, points in dashboard.series():
        for month, shown in points:
            rows.append(
                [
                    "by month",
                    month.strftime("%Y-%m"),
                    metric.label,
                    shown.text,
                    _people(shown.people),
                ]
            )
    for section, table in (("by department", DEPARTMENT), ("by circle", CIRCLE)):
        source = dashboard.departments() if table == DEPARTMENT else dashboard.circles()
        for key, cells in source:
            for metric, shown in cells:
                rows.append(
                    [
                        section,
                        dashboard.label(table, key),
                        metric.label,
                        shown.text,
                        _people(shown.people),
                    ]
                )
    return rows


def _people(people: int | None) -> str:
    return "" if people is None else str(people)


def _safe_cell(text: str) -> str:
    # Names come from people's input: never let a spreadsheet read them as a formula.
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def to_csv(dashboard: Dashboard) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in export_rows(dashboard):
        writer.writerow([_safe_cell(value) for value in row])
    return buffer.getvalue()


def to_xlsx(dashboard: Dashboard) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Figures"
    sheet.append(HEADER)
    for row in export_rows(dashboard):
        sheet.append([_safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
