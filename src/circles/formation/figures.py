"""Human-readable figures for a proposal: why each circle is diverse, and what needs a look.

Pure numpy over the participants' table; recomputed after every adjustment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from circles.languages import formats
from circles.lib.intervals import intersect, total, workdays

from .explanations import attribute_noun, joined
from .inputs import ATTRIBUTES, PeopleTable

UNDER_REPRESENTED_SHARE = 0.2

# Why someone is on the waiting list, by the rule that left no place for them.
WAITING_REASONS = {
    "sizes": gettext_lazy("The circles are full: not everyone fits the circle sizes."),
    "time_zone_spread": gettext_lazy(
        "Too few people close enough in time zone to fill a circle with."
    ),
    "quota": gettext_lazy("More people share one value than the quota lets the circles take."),
    "keep_apart": gettext_lazy("Kept apart from someone in every circle that could take them."),
    "together": gettext_lazy("Kept together with more people than a circle holds."),
    "locked": gettext_lazy("Locked into a circle that is already full."),
    "shared_time": gettext_lazy(
        "Shares less than a meeting's length of working hours with enough others."
    ),
}
WAITING_OTHERWISE = gettext_lazy("The rules leave no place in a circle.")
# A reporting-line rule broken inside a proposed circle, naming the two people.
SKIP_LEVEL_BROKEN = gettext_lazy(
    "%(first)s is the skip-level manager of %(second)s: circle %(number)s."
)
PEERS_BROKEN = gettext_lazy("%(first)s has the same manager as %(second)s: circle %(number)s.")


@dataclass
class GroupFigures:
    size: int
    # For each categorical attribute, how many different values the circle mixes.
    distinct: dict[str, int] = field(default_factory=dict)
    # For ordinal/numeric attributes, the range inside the circle.
    spread: dict[str, float] = field(default_factory=dict)
    overlap_minutes: int = 0
    short_of_meeting: bool = False
    # Minutes a week inside every member's preferred meeting times (working hours for members
    # who gave none); None when nobody in the programme gave preferences.
    preferred_minutes: int | None = None
    repeated_pairs: int = 0
    warnings: list[str] = field(default_factory=list)
    # Minutes between the earliest and latest UTC offset among the members.
    zone_minutes: int = 0
    # Weighted share of member pairs who differ, over the mixed categorical attributes (0..1).
    mix_share: float = 0.0


@dataclass
class ProposalFigures:
    groups: list[GroupFigures]
    circles: int
    people: int
    smallest: int
    largest: int
    # Mean share of pairs inside a circle that differ, per categorical attribute (0..1).
    mix: dict[str, float]
    mean_distinct: dict[str, float]
    warnings: int
    hard_problems: list[str]
    # Each hard rule the lead chose beyond sizes, and whether every circle keeps it.
    rules: list[dict[str, Any]] = field(default_factory=list)
    # How even the circles are: lowest and highest mix share, and the gap between them.
    balance: dict[str, float] = field(default_factory=dict)
    # People proposed for a waiting list: person id, name and why.
    waiting: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lone_members(
    codes: np.ndarray, members: np.ndarray, labels: list[str], rare: set[int]
) -> list[str]:
    counts = Counter(int(c) for c in codes[members])
    return [labels[c] for c, n in counts.items() if n == 1 and c in rare]


def _preferred_minutes(table: PeopleTable, members: np.ndarray) -> int:
    common: list[tuple[int, int]] | None = None
    for member in members.tolist():
        mine = table.preferred.get(member)
        if mine is None:
            start, end = (int(x) for x in table.work_windows[member])
            mine = workdays(start, end)
        common = mine if common is None else intersect(common, mine)
        if not common:
            return 0
    return total(common or [])


def _duration(minutes: int) -> str:
    """A length of time in hours and minutes: "2 h 05 min", "45 min"."""
    if minutes >= 60:
        # Translators: a length of time, e.g. "2 h 05 min"; %(minutes)s has two digits.
        return _("%(hours)s h %(minutes)s min") % {
            "hours": minutes // 60,
            "minutes": f"{minutes % 60:02d}",
        }
    # Translators: a length of time under an hour, e.g. "45 min".
    return _("%(minutes)s min") % {"minutes": minutes}


def shared_time_shortfall(
    table: PeopleTable, members_needed: int, required_minutes: int
) -> list[int]:
    """Rows of people who cannot share ``required_minutes`` of working hours with enough others
    to fill a circle. Computed over distinct working windows, so large programmes stay quick."""
    if required_minutes <= 0 or table.size == 0:
        return []
    windows, inverse, counts = np.unique(
        table.work_windows, axis=0, return_inverse=True, return_counts=True
    )
    starts, ends = windows[:, 0], windows[:, 1]
    overlap = np.minimum(ends[:, None], ends[None, :]) - np.maximum(
        starts[:, None], starts[None, :]
    )
    partners = (overlap >= required_minutes).astype(np.int64) @ counts
    return [int(row) for row in np.nonzero(partners[inverse.ravel()] < members_needed)[0]]


def proposal_figures(
    table: PeopleTable,
    groups: list[list[int]],
    *,
    weights: dict[str, float],
    min_overlap_minutes: int,
    bounds: tuple[int, int],
    check_lone_members: bool = True,
    meeting_minutes: int = 0,
    meeting_rule: bool = False,
    quotas: list[dict[str, Any]] | None = None,
    max_zone_minutes: int | None = None,
    waiting: list[tuple[int, str]] | None = None,
    reporting_lines: tuple[bool, bool] = (False, False),
) -> ProposalFigures:
    """Figures for groups given as lists of row indices into ``table``."""
    index_groups = [np.asarray(g, dtype=np.int64) for g in groups]
    total = max(table.size, 1)
    rare: dict[str, set[int]] = {}
    for name, codes in table.categorical.items():
        frequencies = np.bincount(codes) / total
        rare[name] = {int(c) for c in np.nonzero(frequencies < UNDER_REPRESENTED_SHARE)[0]}
    apart = {(min(a, b), max(a, b)) for a, b in table.keep_apart}
    private = set(table.private_apart)
    earlier = set(table.earlier_pairs)
    group_of = np.full(table.size, -1, dtype=np.int64)
    for g, members in enumerate(index_groups):
        group_of[members] = g

    results: list[GroupFigures] = []
    pair_mix: dict[str, list[float]] = {name: [] for name in table.categorical}
    hard: list[str] = []
    mixed = {name: weights.get(name, 0) for name in table.categorical if weights.get(name, 0) > 0}
    for number, members in enumerate(index_groups, start=1):
        figures = GroupFigures(size=len(members))
        shares: dict[str, float] = {}
        for name, codes in table.categorical.items():
            values = codes[members]
            figures.distinct[name] = len(set(values.tolist()))
            n = len(values)
            if n > 1:
                same = sum(k * (k - 1) // 2 for k in Counter(values.tolist()).values())
                pair_mix[name].append(1 - same / (n * (n - 1) / 2))
                shares[name] = 1 - same / (n * (n - 1) / 2)
        if mixed:
            figures.mix_share = round(
                sum(shares.get(k, 0.0) * w for k, w in mixed.items()) / sum(mixed.values()), 3
            )
        if len(members) and table.offsets.size:
            figures.zone_minutes = int(np.ptp(table.offsets[members]))
            if check_lone_members and weights.get(name, 0) > 0:
                for label in _lone_members(codes, members, table.category_labels[name], rare[name]):
                    figures.warnings.append(
                        _("Only one person from %(attribute)s “%(value)s”.")
                        % {"attribute": attribute_noun(name), "value": label}
                    )
        for name, values in table.numeric.items():
            inside = values[members]
            figures.spread[name] = float(inside.max() - inside.min()) if len(inside) else 0.0
        if len(members):
            windows = table.work_windows[members]
            figures.overlap_minutes = int(max(0, windows[:, 1].min() - windows[:, 0].max()))
            if figures.overlap_minutes < meeting_minutes:
                # Shorter than one meeting: the circle cannot meet inside working hours.
                problem = _(
                    "Circle %(number)s shares %(shared)s of working hours, less than its "
                    "%(minutes)s-minute meeting."
                ) % {
                    "number": number,
                    "shared": _duration(figures.overlap_minutes),
                    "minutes": meeting_minutes,
                }
                if meeting_rule:
                    hard.append(problem)
                else:
                    figures.short_of_meeting = True
                    figures.warnings.append(problem)
            elif figures.overlap_minutes < min_overlap_minutes:
                figures.warnings.append(
                    _("Shared working hours: %(hours)s h %(minutes)s min, less than wanted.")
                    % {
                        "hours": figures.overlap_minutes // 60,
                        "minutes": f"{figures.overlap_minutes % 60:02d}",
                    }
                )
        if table.preferred and len(members):
            figures.preferred_minutes = _preferred_minutes(table, members)
            if figures.preferred_minutes == 0:
                figures.warnings.append(_("No time inside everyone's preferred meeting times."))
        member_set = sorted(int(m) for m in members)
        private_clash = False
        for pos, a in enumerate(member_set):
            for b in member_set[pos + 1 :]:
                if (a, b) in apart:
                    hard.append(
                        _("%(first)s and %(second)s must not share circle %(number)s.")
                        % {"first": table.names[a], "second": table.names[b], "number": number}
                    )
                # Whose wish this is stays private: the problem names neither person.
                private_clash = private_clash or (a, b) in private
                if (a, b) in earlier:
                    figures.repeated_pairs += 1
        if private_clash:
            hard.append(
                _("Circle %(number)s has two people who are to be kept apart: run again.")
                % {"number": number}
            )
        if figures.repeated_pairs:
            figures.warnings.append(
                ngettext(
                    "%(count)s pair already met in an earlier circle.",
                    "%(count)s pairs already met in an earlier circle.",
                    figures.repeated_pairs,
                )
                % {"count": figures.repeated_pairs}
            )
        low, high = bounds
        if not low <= figures.size <= high:
            hard.append(
                _("Circle %(number)s has %(size)s members, outside %(smallest)s to %(largest)s.")
                % {"number": number, "size": figures.size, "smallest": low, "largest": high}
            )
        results.append(figures)
    waiting = waiting or []
    waiting_rows = {row for row, _rule in waiting}
    unplaced = int(sum(1 for row in np.flatnonzero(group_of < 0) if int(row) not in waiting_rows))
    if unplaced:
        hard.append(
            ngettext(
                "%(count)s participant is in no circle.",
                "%(count)s participants are in no circle.",
                unplaced,
            )
            % {"count": unplaced}
        )
    rules = rule_checks(
        table, index_groups, group_of, quotas or [], max_zone_minutes, reporting_lines, hard
    )
    sizes = [g.size for g in results] or [0]
    mixes = [g.mix_share for g in results] or [0.0]
    return ProposalFigures(
        groups=results,
        circles=len(results),
        people=int((group_of >= 0).sum()),
        smallest=min(sizes),
        largest=max(sizes),
        mix={name: round(float(np.mean(v)), 3) if v else 0.0 for name, v in pair_mix.items()},
        mean_distinct={
            name: round(float(np.mean([g.distinct[name] for g in results])), 2) if results else 0
            for name in table.categorical
        },
        warnings=sum(len(g.warnings) for g in results),
        hard_problems=hard,
        rules=rules,
        balance={
            "lowest": min(mixes),
            "highest": max(mixes),
            "gap": round(max(mixes) - min(mixes), 3),
        },
        waiting=[
            {
                "person_id": table.person_ids[row],
                "name": table.names[row],
                "reason": str(WAITING_REASONS.get(rule, WAITING_OTHERWISE)),
            }
            for row, rule in waiting
        ],
    )


def rule_checks(
    table: PeopleTable,
    groups: list[np.ndarray],
    group_of: np.ndarray,
    quotas: list[dict[str, Any]],
    max_zone_minutes: int | None,
    reporting_lines: tuple[bool, bool],
    hard: list[str],
    population: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """One line per chosen rule, saying whether it holds in every circle; what breaks it goes
    to ``hard`` (the problems to fix before publishing). Quota shares are over ``population``
    (a mask of rows), by default everyone placed in a circle."""
    out: list[dict[str, Any]] = []
    skip_level, peers = reporting_lines
    for on, pairs, label, broken_words in (
        (skip_level, table.skip_apart, _("Skip-level managers apart"), SKIP_LEVEL_BROKEN),
        (peers, table.peer_apart, _("People with the same manager apart"), PEERS_BROKEN),
    ):
        if not on:
            continue
        broken = [(a, b) for a, b in pairs if group_of[a] >= 0 and group_of[a] == group_of[b]]
        for a, b in broken[:20]:
            hard.append(
                str(broken_words)
                % {
                    "first": table.names[a],
                    "second": table.names[b],
                    "number": int(group_of[a]) + 1,
                }
            )
        detail = ngettext("%(count)s pair", "%(count)s pairs", len(pairs)) % {"count": len(pairs)}
        out.append({"rule": label, "holds": not broken, "detail": detail})
    placed = group_of >= 0 if population is None else population
    for quota in quotas:
        name = str(quota["attribute"])
        if name not in table.categorical:
            continue
        codes = table.categorical[name]
        labels = table.category_labels[name]
        held = np.bincount(codes[placed], minlength=len(labels))
        total = max(int(placed.sum()), 1)
        if quota.get("values"):
            covered = [c for c, label in enumerate(labels) if label in set(quota["values"])]
        else:
            share = float(quota.get("min_share", 0.0))
            covered = [c for c in range(len(labels)) if held[c] >= share * total - 1e-9]
        failing = 0
        for number, members in enumerate(groups, start=1):
            counts = np.bincount(codes[members], minlength=len(labels))
            for c in covered:
                low = int(quota.get("at_least", 0))
                high = int(quota["at_most"]) if quota.get("at_most") is not None else total
                if quota.get("proportional"):
                    expected = held[c] / total * len(members)
                    t = float(quota.get("tolerance", 1.0))
                    low = max(low, int(np.ceil(expected - t - 1e-9)))
                    high = min(high, int(np.floor(expected + t + 1e-9)))
                if not low <= counts[c] <= high:
                    failing += 1
                    if failing <= 20:
                        hard.append(
                            _(
                                "Circle %(number)s has %(count)s with %(attribute)s “%(value)s”, "
                                "outside the quota (%(low)s to %(high)s)."
                            )
                            % {
                                "number": number,
                                "count": int(counts[c]),
                                "attribute": _quota_noun(name),
                                "value": labels[c],
                                "low": low,
                                "high": high,
                            }
                        )
        out.append(
            {
                "rule": quota_label(quota),
                "holds": failing == 0,
                "detail": ", ".join(labels[c] for c in covered),
            }
        )
    if max_zone_minutes is not None and table.offsets.size:
        wide = [
            number
            for number, members in enumerate(groups, start=1)
            if len(members) and int(np.ptp(table.offsets[members])) > max_zone_minutes
        ]
        for number in wide[:20]:
            hard.append(
                _("Circle %(number)s spans more than %(spread)s of time zones.")
                % {"number": number, "spread": _duration(max_zone_minutes)}
            )
        out.append(
            {
                "rule": _("Time zones at most %(spread)s apart")
                % {"spread": _duration(max_zone_minutes)},
                "holds": not wide,
                "detail": "",
            }
        )
    return out


def _quota_noun(name: str) -> str:
    """An attribute inside a quota's sentence; one the product does not know keeps its name."""
    return attribute_noun(name) if name in ATTRIBUTES else name.lower()


def quota_label(quota: dict[str, Any]) -> str:
    """A quota in words, for the proposal page and the command line."""
    name = _quota_noun(str(quota["attribute"]))
    if quota.get("values"):
        which = ", ".join(quota["values"])
    elif quota.get("min_share"):
        which = _("each %(attribute)s with %(share)s or more of the people") % {
            "attribute": name,
            "share": formats.format_local_percent(round(float(quota["min_share"]) * 100)),
        }
    else:
        which = _("each %(attribute)s") % {"attribute": name}
    parts = []
    if quota.get("proportional"):
        parts.append(
            _("its share of %(which)s (±%(tolerance)s)")
            % {"which": which, "tolerance": f"{float(quota.get('tolerance', 1.0)):g}"}
        )
    if quota.get("at_least"):
        parts.append(
            _("at least %(count)s from %(which)s")
            % {"count": int(quota["at_least"]), "which": which}
        )
    if quota.get("at_most") is not None:
        parts.append(
            _("at most %(count)s from %(which)s") % {"count": int(quota["at_most"]), "which": which}
        )
    if not parts:
        parts.append(_("any number from %(which)s") % {"which": which})
    # Translators: a quota as a rule, e.g. "Every circle has at least 1 from each location".
    return _("Every circle has %(conditions)s") % {"conditions": joined(parts)}
