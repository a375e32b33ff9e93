"""Quotas and the time-zone spread as arrays the compiled search checks per move.

Per unit we list the quota codes its members hold (with multiplicities) and its members'
time-zone buckets; per group the search keeps a count of each, so checking whether a move or
swap keeps these rules costs O(entries of the two units), plus O(proportional codes) when a
group's size changes (a proportional quota's bounds follow the size).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import InfeasibleProblem
from .problem import Problem, Quota

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

RULE_QUOTA = "quota"
RULE_SPREAD = "time_zone_spread"
BUCKET_MINUTES = 15
NO_LIMIT = 1 << 40


@dataclass
class QuotaCode:
    """One value a quota covers, and the bounds it puts on every group."""

    quota: Quota
    label: Hashable
    held: int  # people holding the value
    at_least: int
    at_most: int
    share: float  # held / people when proportional, else -1
    holders: IntArray  # the people holding it

    def bounds(self, size: int) -> tuple[int, int]:
        """The count a group of ``size`` members may hold."""
        low, high = self.at_least, self.at_most
        if self.share >= 0:
            t = self.quota.tolerance
            low = max(low, int(np.ceil(self.share * size - t - 1e-9)))
            high = min(high, int(np.floor(self.share * size + t + 1e-9)))
        return max(low, 0), high

    def terms(self) -> dict[str, object]:
        """What :meth:`describe` says, as values: for callers that say it in other words."""
        return {
            "attribute": self.quota.attribute,
            "value": self.label,
            "proportional": self.share >= 0,
            "tolerance": self.quota.tolerance,
            "at_least": self.at_least,
            "at_most": self.at_most if self.at_most < NO_LIMIT else None,
        }

    def describe(self) -> str:
        name, value = self.quota.attribute, self.label
        parts = []
        if self.share >= 0:
            parts.append(f"their share of {name} {value} (±{self.quota.tolerance:g})")
        if self.at_least:
            parts.append(f"at least {self.at_least} with {name} {value}")
        if self.at_most < NO_LIMIT:
            parts.append(f"at most {self.at_most} with {name} {value}")
        return " and ".join(parts)


@dataclass
class RuleArrays:
    codes: list[QuotaCode]
    q_ptr: IntArray  # unit -> entries in q_code / q_mult
    q_code: IntArray
    q_mult: IntArray
    q_lo: IntArray  # per code: fixed bounds
    q_hi: IntArray
    q_share: FloatArray  # per code: share for proportional bounds, -1 otherwise
    q_tol: FloatArray
    q_prop: IntArray  # the proportional codes
    tz_on: bool
    tz_ptr: IntArray  # unit -> entries in tz_bucket / tz_mult
    tz_bucket: IntArray
    tz_mult: IntArray
    tz_limit: int  # in buckets
    tz_buckets: int
    tz_base: int  # offset (minutes) of bucket 0


def quota_codes(problem: Problem, encoded: dict[str, object], n: int) -> list[tuple[int, int]]:
    """(attribute code, quota index) for every value a quota covers (see :class:`Quota`)."""
    out: list[tuple[int, int]] = []
    for k, quota in enumerate(problem.quotas):
        e = encoded[quota.attribute]
        labels: list[Hashable] = e.labels  # type: ignore[attr-defined]
        held = np.bincount(e.code_idx, minlength=len(labels))  # type: ignore[attr-defined]
        out.extend((c, k) for c, label in enumerate(labels) if covers(quota, label, held[c], n))
    return out


def covers(quota: Quota, label: Hashable, held: int, people: int) -> bool:
    """Whether the quota bounds every group's count of this value, held by ``held`` of
    ``people``: one of the values it names, or else any value with at least its share."""
    if quota.values is not None:
        return label in quota.values
    return bool(held >= quota.min_share * people - 1e-9)


def rule_arrays(
    problem: Problem, encoded: dict[str, object], unit_of: IntArray, units: int, n: int
) -> RuleArrays:
    codes: list[QuotaCode] = []
    people: list[IntArray] = []
    code_ids: list[IntArray] = []
    for c, k in quota_codes(problem, encoded, n):
        quota = problem.quotas[k]
        e = encoded[quota.attribute]
        holders = e.entry_people()[e.code_idx == c]  # type: ignore[attr-defined]
        codes.append(
            QuotaCode(
                quota=quota,
                label=e.labels[c],  # type: ignore[attr-defined]
                held=int(holders.size),
                at_least=int(quota.at_least),
                at_most=int(quota.at_most) if quota.at_most is not None else NO_LIMIT,
                share=holders.size / n if quota.proportional else -1.0,
                holders=holders,
            )
        )
        people.append(holders)
        code_ids.append(np.full(holders.size, len(codes) - 1, np.int64))
    q_ptr, q_code, q_mult = _entries(people, code_ids, unit_of, units, len(codes))
    spread = problem.time_zone_spread
    if spread is not None:
        offsets = np.asarray(spread.offsets, dtype=np.int64)
        base = int(offsets.min())
        bucket = (offsets - base) // BUCKET_MINUTES
        buckets = int(bucket.max()) + 1
        tz_ptr, tz_bucket, tz_mult = _entries(
            [np.arange(n, dtype=np.int64)], [bucket], unit_of, units, buckets
        )
        limit = int(spread.max_minutes) // BUCKET_MINUTES
    else:
        tz_ptr = np.zeros(units + 1, np.int64)
        tz_bucket, tz_mult = np.zeros(0, np.int64), np.zeros(0, np.int64)
        base, buckets, limit = 0, 1, NO_LIMIT
    return RuleArrays(
        codes=codes,
        q_ptr=q_ptr,
        q_code=q_code,
        q_mult=q_mult,
        q_lo=np.array([c.at_least for c in codes] or [0], np.int64),
        q_hi=np.array([c.at_most for c in codes] or [NO_LIMIT], np.int64),
        q_share=np.array([c.share for c in codes] or [-1.0], np.float64),
        q_tol=np.array([c.quota.tolerance for c in codes] or [0.0], np.float64),
        q_prop=np.array([k for k, c in enumerate(codes) if c.share >= 0], np.int64),
        tz_on=spread is not None,
        tz_ptr=tz_ptr,
        tz_bucket=tz_bucket,
        tz_mult=tz_mult,
        tz_limit=limit,
        tz_buckets=buckets,
        tz_base=base,
    )


def _entries(
    people: list[IntArray], codes: list[IntArray], unit_of: IntArray, units: int, total: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Per unit, the distinct codes its members hold and how many hold each (CSR)."""
    if people:
        who = np.concatenate(people)
        code = np.concatenate(codes)
    else:
        who = code = np.zeros(0, np.int64)
    key = unit_of[who] * max(total, 1) + code
    uniq, mult = np.unique(key, return_counts=True)
    unit_ids = uniq // max(total, 1)
    ptr = np.concatenate(([0], np.cumsum(np.bincount(unit_ids, minlength=units))))
    return ptr.astype(np.int64), (uniq % max(total, 1)).astype(np.int64), mult.astype(np.int64)


def check_rules(
    rules: RuleArrays,
    groups: int,
    lo: IntArray,
    hi: IntArray,
    unit_people: list[list[int]],
) -> None:
    """Raise :class:`InfeasibleProblem` for quota and spread rules that cannot hold."""
    for code in rules.codes:
        name, value = code.quota.attribute, code.label
        if code.at_least * groups > code.held:
            raise InfeasibleProblem(
                RULE_QUOTA,
                f"Every group needs at least {code.at_least} with {name} {value}, which takes "
                f"{code.at_least * groups} people for {groups} groups, but only {code.held} "
                "hold it.",
                code="quota_too_few",
                params={
                    "at_least": code.at_least,
                    "attribute": name,
                    "value": value,
                    "needed": code.at_least * groups,
                    "groups": groups,
                    "held": code.held,
                },
            )
        if code.at_most < NO_LIMIT and code.at_most * groups < code.held:
            raise InfeasibleProblem(
                RULE_QUOTA,
                f"{code.held} people hold {name} {value}, but {groups} groups of at most "
                f"{code.at_most} each take only {code.at_most * groups}.",
                people=code.holders[code.at_most * groups :].tolist(),
                code="quota_too_many",
                params={
                    "held": code.held,
                    "attribute": name,
                    "value": value,
                    "groups": groups,
                    "at_most": code.at_most,
                    "takes": code.at_most * groups,
                },
            )
        if code.share >= 0:
            for g in range(groups):
                sizes = range(int(lo[g]), int(hi[g]) + 1)
                if all(code.bounds(s)[0] > code.bounds(s)[1] for s in sizes):
                    raise InfeasibleProblem(
                        RULE_QUOTA,
                        f"No group size from {int(lo[g])} to {int(hi[g])} can hold the share "
                        f"of {name} {value} within ±{code.quota.tolerance:g}: widen the "
                        "tolerance.",
                        groups=[g],
                        code="quota_share_impossible",
                        params={
                            "low": int(lo[g]),
                            "high": int(hi[g]),
                            "attribute": name,
                            "value": value,
                            "tolerance": code.quota.tolerance,
                        },
                    )
    if rules.tz_on:
        _check_spread(rules, lo, unit_people)


def _check_spread(rules: RuleArrays, lo: IntArray, unit_people: list[list[int]]) -> None:
    ptr, bucket, limit = rules.tz_ptr, rules.tz_bucket, rules.tz_limit
    minutes = limit * BUCKET_MINUTES
    for u in range(ptr.shape[0] - 1):
        mine = bucket[ptr[u] : ptr[u + 1]]
        if mine.size and int(mine.max() - mine.min()) > limit:
            raise InfeasibleProblem(
                RULE_SPREAD,
                f"People {', '.join(map(str, unit_people[u]))} must share a group but are more "
                f"than {minutes} minutes apart in time zone.",
                people=unit_people[u],
                code="spread_together",
                params={"rows": list(unit_people[u]), "minutes": minutes},
            )
    # Everyone needs enough people within the spread around them to fill the smallest group.
    counts = np.zeros(rules.tz_buckets, np.int64)
    np.add.at(counts, bucket, rules.tz_mult)
    cum = np.concatenate(([0], np.cumsum(counts)))
    b = np.arange(rules.tz_buckets)
    best = np.zeros(rules.tz_buckets, np.int64)
    for shift in range(0, limit + 1):
        start = np.clip(b - shift, 0, rules.tz_buckets - 1)
        end = np.clip(start + limit + 1, 0, rules.tz_buckets)
        best = np.maximum(best, cum[end] - cum[start])
        if shift >= rules.tz_buckets:
            break
    need = int(lo[lo > 0].min()) if np.any(lo > 0) else 0
    stranded_buckets = np.flatnonzero((best < need) & (counts > 0))
    if stranded_buckets.size:
        stranded = sorted(
            int(p)
            for u in range(ptr.shape[0] - 1)
            for e in range(ptr[u], ptr[u + 1])
            if best[bucket[e]] < need
            for p in unit_people[u]
        )
        shown = ", ".join(str(p) for p in stranded[:8])
        raise InfeasibleProblem(
            RULE_SPREAD,
            f"People {shown}{' and more' if len(stranded) > 8 else ''} have fewer than {need} "
            f"people within {minutes} minutes of their time zone to share a group with.",
            people=stranded,
            code="spread_stranded",
            params={"rows": stranded, "need": need, "minutes": minutes},
        )
