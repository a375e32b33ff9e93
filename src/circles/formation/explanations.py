"""What the solver's refusals say to a lead, in the lead's language.

The solver (``circles.formation.solver``) is pure numpy and writes its reasons in English for
its own callers (the bench, its tests, scripts). Each refusal a lead can meet also carries a
stable ``code`` and the values of its sentence (``params``); the sentences a lead reads are
here, marked for translation. In English they say what the solver's reasons say, so the two
read the same on the command line and on the proposal page; only where the solver's English
is clumsy do they differ: a grammatical singular ("there is 1 volunteer") and attribute names
as words ("job family", not "job_family").

A refusal without a code (malformed input: a programming error, never a lead's choice) is
shown as the solver wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from .solver import FormationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The solver names attributes by their machine names; in a sentence they read as nouns.
ATTRIBUTE_NOUNS: dict[str, StrOrPromise] = {
    "department": pgettext_lazy("an attribute inside a sentence", "department"),
    "location": pgettext_lazy("an attribute inside a sentence", "location"),
    "job_family": pgettext_lazy("an attribute inside a sentence", "job family"),
    "level": pgettext_lazy("an attribute inside a sentence", "level"),
    "tenure": pgettext_lazy("an attribute inside a sentence", "tenure"),
    "time_zone": pgettext_lazy("an attribute inside a sentence", "time zone"),
}


def attribute_noun(name: str) -> str:
    """An attribute as a noun inside a sentence ("department", "job family")."""
    noun = ATTRIBUTE_NOUNS.get(name)
    return str(noun) if noun is not None else name


def more(shown: str, hidden: int) -> str:
    """A list cut short: "Ann Lee, Bo Kim and 3 more"."""
    if hidden <= 0:
        return shown
    # Translators: a list cut short, e.g. "Ann Lee, Bo Kim and 3 more".
    return _("%(shown)s and %(more)s more") % {"shown": shown, "more": hidden}


def joined(parts: Sequence[str]) -> str:
    """Conditions that all hold, "at least 1 from X and at most 2 from Y"."""
    out = parts[0]
    for part in parts[1:]:
        # Translators: two conditions that both hold, e.g. "at least 1 from X and at most 2 …".
        out = _("%(first)s and %(second)s") % {"first": out, "second": part}
    return out


# People by the solver's row numbers, as its reasons list them.
def _rows_cut(rows: Sequence[int]) -> str:
    return more(", ".join(str(r) for r in rows[:8]), len(rows) - 8)


def _rows_all(rows: Sequence[int]) -> str:
    return ", ".join(str(r) for r in rows)


def _rows_and_more(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:8])
    if len(rows) <= 8:
        return shown
    # Translators: a list cut short without saying how many are left out: "3, 7, 9 and more".
    return _("%(shown)s and more") % {"shown": shown}


def _quota_terms(terms: Mapping[str, Any]) -> str:
    """One value's quota, "at least 1 with location Berlin" (the solver's ``describe``)."""
    values = {"attribute": attribute_noun(str(terms["attribute"])), "value": terms["value"]}
    parts = []
    if terms["proportional"]:
        parts.append(
            _("their share of %(attribute)s %(value)s (±%(tolerance)s)")
            % {**values, "tolerance": f"{float(terms['tolerance']):g}"}
        )
    if terms["at_least"]:
        parts.append(
            _("at least %(count)s with %(attribute)s %(value)s")
            % {**values, "count": terms["at_least"]}
        )
    if terms["at_most"] is not None:
        parts.append(
            _("at most %(count)s with %(attribute)s %(value)s")
            % {**values, "count": terms["at_most"]}
        )
    return joined(parts) if parts else ""


def _volunteer(params: Mapping[str, Any]) -> bool:
    return params.get("label") == "volunteer"


def _in_full(error: FormationError) -> str | None:
    """The whole refusal in the reader's language, or None when there are no words for it."""
    p: Mapping[str, Any] = error.params
    code = error.code
    if code == "sizes_too_few":
        return _(
            "The %(groups)s groups need at least %(needed)s people in total, "
            "but there are only %(people)s."
        ) % {"groups": p["groups"], "needed": p["needed"], "people": p["people"]}
    if code == "sizes_too_many":
        return _(
            "The %(groups)s groups hold at most %(most)s people in total, but there are %(people)s."
        ) % {"groups": p["groups"], "most": p["most"], "people": p["people"]}
    if code == "locked_too_many":
        return _(
            "The locked people and the minimum group sizes together need more people than "
            "there are (%(people)s)."
        ) % {"people": p["people"]}
    if code == "locked_over_size":
        return _(
            "Group %(group)s has %(locked)s people locked into it but holds at most %(most)s."
        ) % {"group": p["group"], "locked": p["locked"], "most": p["most"]}
    if code == "together_too_big":
        return _("People %(people)s must share a group, but no group holds %(size)s people.") % {
            "people": _rows_cut(p["rows"]),
            "size": p["size"],
        }
    if code == "together_locked_apart":
        return _(
            "Person %(other)s is locked into group %(other_group)s and person %(person)s into "
            "group %(group)s, but they must share a group."
        ) % {
            "other": p["other"],
            "other_group": p["other_group"],
            "person": p["person"],
            "group": p["group"],
        }
    if code == "quota_not_found":
        return _(
            "No grouping was found in which every group has %(quota)s (group %(group)s of "
            "%(size)s has %(held)s) together with the other rules: relax the quota or the sizes."
        ) % {
            "quota": _quota_terms(p["quota"]),
            "group": p["group"],
            "size": p["size"],
            "held": p["held"],
        }
    if code == "spread_not_found":
        return _(
            "No grouping was found in which every group spans at most %(limit)s minutes of time "
            "zones (group %(group)s spans %(spans)s) together with the other rules."
        ) % {"limit": p["limit"], "group": p["group"], "spans": p["spans"]}
    if code == "quota_too_few":
        return _(
            "Every group needs at least %(at_least)s with %(attribute)s %(value)s, which takes "
            "%(needed)s people for %(groups)s groups, but only %(held)s hold it."
        ) % {
            "at_least": p["at_least"],
            "attribute": attribute_noun(str(p["attribute"])),
            "value": p["value"],
            "needed": p["needed"],
            "groups": p["groups"],
            "held": p["held"],
        }
    if code == "quota_too_many":
        return _(
            "%(held)s people hold %(attribute)s %(value)s, but %(groups)s groups of at most "
            "%(at_most)s each take only %(takes)s."
        ) % {
            "held": p["held"],
            "attribute": attribute_noun(str(p["attribute"])),
            "value": p["value"],
            "groups": p["groups"],
            "at_most": p["at_most"],
            "takes": p["takes"],
        }
    if code == "quota_share_impossible":
        return _(
            "No group size from %(low)s to %(high)s can hold the share of %(attribute)s "
            "%(value)s within ±%(tolerance)s: widen the tolerance."
        ) % {
            "low": p["low"],
            "high": p["high"],
            "attribute": attribute_noun(str(p["attribute"])),
            "value": p["value"],
            "tolerance": f"{float(p['tolerance']):g}",
        }
    if code == "spread_together":
        return _(
            "People %(people)s must share a group but are more than %(minutes)s minutes apart "
            "in time zone."
        ) % {"people": _rows_all(p["rows"]), "minutes": p["minutes"]}
    if code == "spread_stranded":
        return _(
            "People %(people)s have fewer than %(need)s people within %(minutes)s minutes of "
            "their time zone to share a group with."
        ) % {"people": _rows_and_more(p["rows"]), "need": p["need"], "minutes": p["minutes"]}
    if code == "anchors_too_few" and _volunteer(p):
        return ngettext(
            "Every group needs at least one volunteer, but there is %(count)s volunteer for "
            "%(groups)s groups.",
            "Every group needs at least one volunteer, but there are %(count)s volunteers for "
            "%(groups)s groups.",
            p["count"],
        ) % {"count": p["count"], "groups": p["groups"]}
    if code == "anchor_unplaced" and _volunteer(p):
        return _(
            "Every group needs at least one volunteer, but no volunteer can be placed in group "
            "%(group)s without breaking a size bound or a keep-apart rule."
        ) % {"group": p["group"]}
    if code == "anchors_break_rules" and _volunteer(p):
        cause = p["cause"]
        return _(
            "Every group needs at least one volunteer, but no placement of them keeps the other "
            "rules: %(reason)s"
        ) % {"reason": in_full(cause) if isinstance(cause, FormationError) else str(cause)}
    return None


def in_full(error: FormationError) -> str:
    """The refusal as one sentence in the reader's language (the solver's English if none)."""
    words = _in_full(error) if error.code else None
    return words if words is not None else error.reason


def _after_names(error: FormationError) -> str:
    """The refusal after the people's names: one that starts "People 3, 4 …" goes on without
    the word "People"."""
    p: Mapping[str, Any] = error.params
    if error.code == "together_too_big":
        # Translators: follows the people's names: "… cannot hold for Ann Lee, Bo Kim: 3, 4 must
        # share a group, …"; the numbers count the people in the pool.
        return _("%(people)s must share a group, but no group holds %(size)s people.") % {
            "people": _rows_cut(p["rows"]),
            "size": p["size"],
        }
    if error.code == "spread_together":
        # Translators: follows the people's names; the numbers count the people in the pool.
        return _(
            "%(people)s must share a group but are more than %(minutes)s minutes apart in time "
            "zone."
        ) % {"people": _rows_all(p["rows"]), "minutes": p["minutes"]}
    if error.code == "spread_stranded":
        # Translators: follows the people's names; the numbers count the people in the pool.
        return _(
            "%(people)s have fewer than %(need)s people within %(minutes)s minutes of their time "
            "zone to share a group with."
        ) % {"people": _rows_and_more(p["rows"]), "need": p["need"], "minutes": p["minutes"]}
    words = _in_full(error) if error.code else None
    if words is not None:
        return words
    reason = error.reason
    return reason.split(" ", 1)[1] if reason.startswith("People ") else reason


# "The rule on … cannot hold for Ann Lee, Bo Kim: …", one sentence per rule.
RULE_CANNOT_HOLD: dict[str, StrOrPromise] = {
    "together": gettext_lazy(
        "The rule on people kept together cannot hold for %(people)s: %(reason)s"
    ),
    "locked": gettext_lazy(
        "The rule on people locked into a circle cannot hold for %(people)s: %(reason)s"
    ),
    "quota": gettext_lazy("The rule on the quota cannot hold for %(people)s: %(reason)s"),
    "time_zone_spread": gettext_lazy(
        "The rule on the largest time-zone difference cannot hold for %(people)s: %(reason)s"
    ),
    "sizes": gettext_lazy("The rule on the circle sizes cannot hold for %(people)s: %(reason)s"),
    "volunteer": gettext_lazy("The rule on volunteers cannot hold for %(people)s: %(reason)s"),
}


def refusal(error: FormationError, name_of: Callable[[int], str | None]) -> str:
    """The solver's refusal for the lead, with people's names instead of row numbers.

    Keep-apart refusals name nobody: some of those pairs are private wishes. ``name_of`` gives
    a row's name, or None for a row outside the table.
    """
    if not error.people:
        return in_full(error)
    if error.rule == "keep_apart":
        count = len(error.people)
        return ngettext(
            "The rule on people kept apart cannot hold: %(count)s people must all be kept apart "
            "from each other (reporting lines, or pairs kept apart), which needs more circles "
            "than there are. Switch off a reporting-line rule, or propose a waiting list.",
            "The rule on people kept apart cannot hold: %(count)s people must all be kept apart "
            "from each other (reporting lines, or pairs kept apart), which needs more circles "
            "than there are. Switch off a reporting-line rule, or propose a waiting list.",
            count,
        ) % {"count": count}
    names = [name for name in (name_of(p) for p in error.people[:5]) if name is not None]
    people = more(", ".join(names), len(error.people) - 5)
    values = {"people": people, "reason": _after_names(error)}
    sentence = RULE_CANNOT_HOLD.get(error.rule)
    if sentence is not None:
        return str(sentence) % values
    # Translators: %(rule)s is the machine name of a rule that has no words of its own.
    return _("The rule on %(rule)s cannot hold for %(people)s: %(reason)s") % {
        **values,
        "rule": error.rule,
    }
