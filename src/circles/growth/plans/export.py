"""Career-conversation exports: the items a person picked, as Markdown or as a PDF.

The PDF is text only (a summary for a review needs readable text, not layout), set with
`circles.lib.pdf` so that any script people write prints: Greek, Cyrillic, Arabic and Hebrew
(right to left, shaped), Chinese, Japanese and Korean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from circles.growth.models import Commitment, Goal
from circles.lib.pdf import Document


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


def to_pdf(data: CareerSummary) -> bytes:
    """The same items as the Markdown, as an A4 PDF that prints every script people write."""
    blocks: list[tuple[str, float, bool]] = [(f"Development summary: {data.name}", 18, True)]
    blocks.append((f"Prepared on {data.made_on:%d %B %Y}.", 11, False))
    if data.summary:
        blocks += [("Where I want to grow", 14, True), (data.summary, 11, False)]
    if data.goals:
        blocks.append(("Goals", 14, True))
        for goal in data.goals:
            blocks += [(goal.title, 12, True), (f"Status: {goal.get_status_display()}", 11, False)]
            if goal.skills:
                blocks.append((f"Skills: {goal.skills}", 11, False))
            if goal.evidence:
                blocks.append((f"How I will know I progressed: {goal.evidence}", 11, False))
    if data.commitments:
        blocks.append(("Commitments", 14, True))
        for commitment in data.commitments:
            due = f"due {commitment.due_on:%d %b %Y}; {_progress(commitment)}"
            blocks.append((f"\u2022 {commitment.action} ({due})", 11, False))
    if not (data.summary or data.goals or data.commitments):
        blocks.append(("Nothing was selected.", 11, False))
    document = Document([text for text, _, _ in blocks], title=blocks[0][0])
    document.add_page()
    for text, size, bold in blocks:
        document.paragraph(text, size=size, bold=bold, gap=3 if size > 11 else 1.5)
    return bytes(document.output())
