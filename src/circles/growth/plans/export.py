"""Career-conversation exports: the items a person picked, as Markdown or as a PDF.

The PDF is text only (a summary for a review needs readable text, not layout), set with
`circles.lib.pdf` so that any script people write prints: Greek, Cyrillic, Arabic and Hebrew
(right to left, shaped), Chinese, Japanese and Korean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from circles.growth.models import Commitment, Goal
from circles.languages import formats
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
            parts.append(formats.format_local_percent(latest.percent))
        if latest.state:
            parts.append(latest.state_in_sentence())
    return ", ".join(parts)


def _commitment_line(commitment: Commitment) -> str:
    return _("%(action)s (due %(date)s; %(progress)s)") % {
        "action": commitment.action,
        "date": formats.format_local_date(commitment.due_on),
        "progress": _progress(commitment),
    }


def _title(data: CareerSummary) -> str:
    return _("Development summary: %(name)s") % {"name": data.name}


def _prepared_on(data: CareerSummary) -> str:
    return _("Prepared on %(date)s.") % {"date": formats.format_local_date(data.made_on, "long")}


def _status(goal: Goal) -> str:
    return _("Status: %(status)s") % {"status": goal.get_status_display()}


def _skills(goal: Goal) -> str:
    return _("Skills: %(skills)s") % {"skills": goal.skills}


def _evidence(goal: Goal) -> str:
    return _("How I will know I progressed: %(evidence)s") % {"evidence": goal.evidence}


def to_markdown(data: CareerSummary) -> str:
    lines = [f"# {_title(data)}", "", _prepared_on(data), ""]
    if data.summary:
        lines += ["## " + _("Where I want to grow"), "", data.summary, ""]
    if data.goals:
        lines += ["## " + _("Goals"), ""]
        for goal in data.goals:
            lines.append(f"### {goal.title}")
            lines.append("")
            lines.append(_status(goal))
            if goal.skills:
                lines += ["", _skills(goal)]
            if goal.evidence:
                lines += ["", _evidence(goal)]
            lines.append("")
    if data.commitments:
        lines += ["## " + _("Commitments"), ""]
        for commitment in data.commitments:
            lines.append(f"- {_commitment_line(commitment)}")
        lines.append("")
    if not (data.summary or data.goals or data.commitments):
        lines += [_("Nothing was selected."), ""]
    return "\n".join(lines)


def to_pdf(data: CareerSummary) -> bytes:
    """The same items as the Markdown, as an A4 PDF that prints every script people write."""
    blocks: list[tuple[str, float, bool]] = [(_title(data), 18, True)]
    blocks.append((_prepared_on(data), 11, False))
    if data.summary:
        blocks += [(_("Where I want to grow"), 14, True), (data.summary, 11, False)]
    if data.goals:
        blocks.append((_("Goals"), 14, True))
        for goal in data.goals:
            blocks += [(goal.title, 12, True), (_status(goal), 11, False)]
            if goal.skills:
                blocks.append((_skills(goal), 11, False))
            if goal.evidence:
                blocks.append((_evidence(goal), 11, False))
    if data.commitments:
        blocks.append((_("Commitments"), 14, True))
        for commitment in data.commitments:
            blocks.append((f"\u2022 {_commitment_line(commitment)}", 11, False))
    if not (data.summary or data.goals or data.commitments):
        blocks.append((_("Nothing was selected."), 11, False))
    document = Document([text for text, _size, _bold in blocks], title=blocks[0][0])
    document.add_page()
    for text, size, bold in blocks:
        document.paragraph(text, size=size, bold=bold, gap=3 if size > 11 else 1.5)
    return bytes(document.output())
