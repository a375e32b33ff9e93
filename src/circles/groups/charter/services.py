"""The circle's charter: its purpose, the ground rules each member accepts, and expectations.

Accepting the ground rules is what opens a circle's confidential content to a member (see
``selectors.circles_with_content_access``); until then a member sees only the circle page and
this charter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.groups.models import Circle, Membership
from circles.lib.errors import DomainError
from circles.orgs.models import Person

MAX_RULES = 20


def _membership(circle: Circle, person: Person) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .filter(circle=circle, person=person, left_on__isnull=True)
        .first()
    )
    if membership is None:
        raise DomainError(_("Only members of the circle can do this."))
    return membership


def programme_rules(circle: Circle) -> list[str]:
    return circle.programme.ground_rule_list


def own_rules(circle: Circle) -> list[str]:
    """The rules the circle added to the programme's."""
    from_programme = set(programme_rules(circle))
    return [rule for rule in circle.ground_rule_list if rule not in from_programme]


@transaction.atomic
def charter_update(*, circle: Circle, by: Person, purpose: str, own: str) -> Circle:
    """Set the circle's purpose and its own rules (one per line), after the programme's."""
    membership = _membership(circle, by)
    if membership.ground_rules_accepted_at is None:
        raise DomainError(_("Accept the ground rules before changing the charter."))
    purpose = purpose.strip()
    if not purpose:
        raise DomainError(_("Say in a sentence what the circle is for."), field="purpose")
    added = [line.strip() for line in own.splitlines() if line.strip()]
    if any(len(rule) > 300 for rule in added):
        raise DomainError(_("Keep each rule under 300 characters."), field="own_rules")
    rules = list(dict.fromkeys(programme_rules(circle) + added))
    if len(rules) > MAX_RULES:
        raise DomainError(
            ngettext(
                "A charter has at most %(count)s rule.",
                "A charter has at most %(count)s rules.",
                MAX_RULES,
            )
            % {"count": MAX_RULES},
            field="own_rules",
        )
    circle.purpose = purpose
    circle.ground_rules = "\n".join(rules)
    circle.save(update_fields=["purpose", "ground_rules"])
    return circle


@transaction.atomic
def ground_rules_accept(*, circle: Circle, person: Person) -> Membership:
    membership = _membership(circle, person)
    if membership.ground_rules_accepted_at is None:
        membership.ground_rules_accepted_at = timezone.now()
        membership.save(update_fields=["ground_rules_accepted_at"])
    return membership


@transaction.atomic
def expectations_write(*, circle: Circle, person: Person, text: str) -> Membership:
    membership = _membership(circle, person)
    text = text.strip()
    if len(text) > 2000:
        raise DomainError(_("Keep it under 2000 characters."), field="expectations")
    membership.expectations = text
    membership.save(update_fields=["expectations"])
    return membership


@dataclass
class CharterView:
    circle: Circle
    memberships: list[Membership]
    mine: Membership
    programme_rules: list[str]
    own_rules: list[str]

    @property
    def accepted(self) -> bool:
        return self.mine.ground_rules_accepted_at is not None

    @property
    def waiting_for(self) -> list[Membership]:
        return [m for m in self.memberships if m.ground_rules_accepted_at is None]


def charter_for(circle: Circle, person: Person) -> CharterView | None:
    """The charter as this member sees it, or None when they are not a current member."""
    memberships = list(
        Membership.objects.filter(circle=circle, left_on__isnull=True).select_related("person")
    )
    mine = next((m for m in memberships if m.person_id == person.pk), None)
    if mine is None:
        return None
    return CharterView(
        circle=circle,
        memberships=memberships,
        mine=mine,
        programme_rules=programme_rules(circle),
        own_rules=own_rules(circle),
    )
