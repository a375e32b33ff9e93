"""Narrow a SCIM filter's search in the database before it is evaluated exactly.

scim2-models evaluates a filter on a User exactly as RFC 7644 says (case rules, multi-valued
attributes, absent values). Evaluating it on every person of a large organisation would be
slow, so what a filter implies becomes a database condition first: an exact one for the
lookups identity providers make (userName, externalId or id equal to a value), a looser one
("the value appears somewhere in what is stored about the person") for other string
comparisons. A condition only ever keeps more people than the filter matches, never fewer;
the exact evaluation then decides. Negations, presence tests and ordering comparisons imply
no condition and are evaluated over everyone.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import and_, or_

from django.db.models import Q
from scim2_models.path import (
    AttrPath,
    CompareOperator,
    Comparison,
    FilterNode,
    FilterVisitor,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)

from circles.accounts.models import normalise_email

from .mapping import CORE_SCHEMA, ENTERPRISE_SCHEMA, user_name_key

STRING_OPERATORS = {CompareOperator.eq, CompareOperator.co, CompareOperator.sw, CompareOperator.ew}
# Attributes whose value is shown either as the identity provider sent it (kept in
# ScimIdentity.attributes) or from one of these person columns, never made up otherwise.
STORED_ATTRIBUTES = {
    "username",
    "name.formatted",
    "name.givenname",
    "name.familyname",
    "displayname",
    "title",
    "timezone",
    "externalid",
    "emails",
    "emails.value",
    f"{ENTERPRISE_SCHEMA}:employeenumber".lower(),
    f"{ENTERPRISE_SCHEMA}:department".lower(),
}
PERSON_COLUMNS = (
    "full_name",
    "email",
    "external_id",
    "job_family",
    "time_zone",
    "employee_id",
    "department",
)
# ASCII characters that SCIM's comparison (NFC, lower case) also makes from a non-ASCII one:
# İ -> i, the Kelvin sign -> k, the Greek question mark -> ;, the Greek varia -> `.
UNICODE_LOOKALIKES = re.compile(r"[ik`;]")


def _attribute(path: AttrPath) -> str:
    """The attribute's lower-case name, qualified only by an extension's URN."""
    name = path.attr if path.sub_attr is None else f"{path.attr}.{path.sub_attr}"
    if path.uri is None or path.uri.lower() == CORE_SCHEMA.lower():
        return name.lower()
    return f"{path.uri}:{name}".lower()


def _appears(value: str) -> Q | None:
    """People with ``value`` somewhere in what is stored about them, ignoring ASCII case.

    Only for printable ASCII values, cut at the characters a non-ASCII one can also stand
    for: the database's case folding and the stored JSON's escaping agree with SCIM's
    comparison for the remaining pieces, each of which must then appear.
    """
    if not value.isascii() or not value.isprintable() or set(value) & {'"', "\\"}:
        return None
    pieces = [piece for piece in UNICODE_LOOKALIKES.split(value.lower()) if piece]
    if not pieces:
        return None
    return reduce(and_, [_piece_appears(piece) for piece in pieces])


def _piece_appears(piece: str) -> Q:
    columns = [Q(**{f"{column}__icontains": piece}) for column in PERSON_COLUMNS]
    return reduce(or_, columns, Q(scim_identity__attributes__icontains=piece))


class Narrowing(FilterVisitor["Q | None"]):
    """A database condition a filter implies, or None when it implies none."""

    def visit_comparison(self, node: Comparison) -> Q | None:
        if node.op not in STRING_OPERATORS or not isinstance(node.value, str):
            return None
        attribute, value = _attribute(node.attr_path), node.value
        if node.op == CompareOperator.eq:
            if attribute == "username":
                key = user_name_key(value)
                # Someone the provider never wrote goes by their email.
                return Q(scim_identity__user_name_key=key) | Q(
                    scim_identity__isnull=True, email__in={key, normalise_email(value)}
                )
            if attribute == "externalid":
                return Q(external_id=value.strip())
            if attribute == "id":
                if value.isascii() and value.isdigit() and len(value) <= 18:
                    return Q(pk=int(value))
                return Q(pk__in=[])
        if attribute in STORED_ATTRIBUTES:
            return _appears(value.strip())
        return None

    def visit_logical_expr(self, node: LogicalExpr) -> Q | None:
        conditions = [self.visit(term) for term in node.terms]
        known = [condition for condition in conditions if condition is not None]
        if node.op == LogicalOperator.and_:
            return reduce(and_, known) if known else None
        return reduce(or_, known) if len(known) == len(conditions) else None

    def visit_not(self, node: Not) -> Q | None:
        return None

    def visit_present(self, node: Present) -> Q | None:
        return None

    def visit_value_path(self, node: ValuePath) -> Q | None:
        return None


def narrowing(node: FilterNode) -> Q | None:
    return Narrowing().visit(node)
