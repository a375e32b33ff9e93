"""Career-conversation exports: the items a person picked, as Markdown or as a simple PDF.

The PDF writer is deliberately small (one built-in font, text only): a summary for a review
needs readable text, not layout, and this keeps a heavy dependency out of the product.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from .models import Commitment, Goal


@dataclass
class CareerSummary:
    name: str
    made_on: dt.date
    summary: str = ""
    goals: list[Goal] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)


def _progress(commitment: Commitment) -> str:
    latest = next(iter(getattr(commitment, "recent_check_ins", [])), None)
    parts = [commitment.get_status_display()]
    if latest is not None:
        if latest.percent is not None:
            parts.append(f"{latest.percent}%")
        if latest.state:
            parts.append(latest.get_state_display().lower())
    return ", ".join(parts)


def to_markdown(data: CareerSummary) -> str:
    lines = [f"# Development summary: {data.name}", "", f"Prepared on {data.made_on:%d %B %Y}.", ""]
    if data.summary:
        lines += ["## Where I want to grow", "", data.summary, ""]
    if data.goals:
        lines += ["## Goals", ""]
        for goal in data.goals:
            lines.append(f"### {goal.title}")
            lines.append("")
            lines.append(f"Status: {goal.get_status_display()}")
            if goal.skills:
                lines += ["", f"Skills: {goal.skills}"]
            if goal.evidence:
                lines += ["", f"How I will know I progressed: {goal.evidence}"]
            lines.append("")
    if data.commitments:
        lines += ["## Commitments", ""]
        for commitment in data.commitments:
            lines.append(
                f"- {commitment.action} (due {commitment.due_on:%d %b %Y}; {_progress(commitment)})"
            )
        lines.append("")
    if not (data.summary or data.goals or data.commitments):
        lines += ["Nothing was selected.", ""]
    return "\n".join(lines)


def _pdf_escape(text: str) -> str:
    # The built-in Helvetica speaks Latin-1 (WinAnsi); anything else becomes a question mark.
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_lines(markdown: str) -> list[tuple[int, str]]:
    """(font size, text) per printed line, wrapped to the page width."""
    out: list[tuple[int, str]] = []
    for raw in markdown.splitlines():
        size, text, width = 11, raw, 90
        if raw.startswith("### "):
            size, text, width = 12, raw[4:], 80
        elif raw.startswith("## "):
            size, text, width = 14, raw[3:], 70
        elif raw.startswith("# "):
            size, text, width = 18, raw[2:], 55
        wrapped = textwrap.wrap(text, width=width) or [""]
        out.extend((size, line) for line in wrapped)
    return out


def to_pdf(data: CareerSummary) -> bytes:
    """A4 pages of text in Helvetica: a valid PDF 1.4 file without any dependency."""
    lines = _pdf_lines(to_markdown(data))
    pages: list[list[tuple[int, str]]] = [[]]
    height = 0
    for size, text in lines:
        if height + size + 6 > 740:
            pages.append([])
            height = 0
        pages[-1].append((size, text))
        height += size + 6
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for index, page in enumerate(pages):
        stream = ["BT", "50 800 Td"]
        for size, text in page:
            stream.append(f"/F1 {size} Tf 0 -{size + 6} Td ({_pdf_escape(text)}) Tj")
        stream.append("ET")
        content = "\n".join(stream).encode("latin-1")
        page_object = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_ids[index] + 1} 0 R >>"
        )
        objects.append(page_object.encode())
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
