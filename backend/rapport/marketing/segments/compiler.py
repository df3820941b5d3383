"""Segment rules as SQL: the statements of a segment's members, and one condition over the customer table.

Order-count, order-amount, no-order and ticket conditions read per-customer facts: one GROUP BY pass over the
orders (and one over the tickets) answers every such condition of a tree for every window it names, LEFT JOINed to
the customers (a customer without a facts row has 0 orders, a total of 0, no ticket and no rating). Tags, RFM
segments, leads and ordered products / categories stay EXISTS tests: semi-joins whose form the planner picks under
AND (probing the few customers a selective sibling leaves, or one hashed pass), hashed subplans under OR. Never
Python per customer, never a correlated aggregate per customer (docs/performance.md, "Segment counts at 100,000
customers"). Every statement applies the
caller's `Customer` row scope (`segment_candidates`), so a caller only ever counts the customers they may see;
conditions on tickets and leads count only the tickets and leads the caller may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, outerjoin, select, true
from sqlalchemy.orm import aliased

from rapport.analytics.affinity.facts import likely_buyers
from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.authz.policy import current as current_policy
from rapport.core.errors import ForbiddenError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers import service as customers
from rapport.marketing.segments.rules import Condition, Group, needs
from rapport.sales.service import customer_has_lead_from
from rapport.support.service import ticket_facts


def policy_of(principal: Principal | None) -> PrincipalPolicy:
    """The compiled policy of the caller's roles."""
    return current_policy().for_roles(principal.roles if principal else ())


def authorize(tree: Group, principal: Principal | None) -> None:
    """FORBIDDEN unless the caller may read every field the rules test (a rule on order amounts needs read access to
    order amounts, one on satisfaction to ticket ratings, ...)."""
    policy = policy_of(principal)
    denied = [name for name in needs(tree) if policy.access(name) < Access.READ]
    if denied:
        raise ForbiddenError(msg("You may not build segments on {fields}.", fields=", ".join(denied)), fields=denied)


def _between(value: Any, params: Any) -> ColumnElement[bool]:
    tests = []
    if params.get("min") is not None:
        tests.append(value >= params["min"])
    if params.get("max") is not None:
        tests.append(value <= params["max"])
    return and_(true(), *tests)


#: The kinds read from the per-customer facts, by source.
_COUNT_KINDS = frozenset({"noOrder", "orderCount"})


def _since(rule: Condition, now: datetime) -> datetime | None:
    return now - timedelta(days=rule.params["days"]) if "days" in rule.params else None


def _conditions(tree: Group) -> list[Condition]:
    found: list[Condition] = []
    for rule in tree.rules:
        found += _conditions(rule) if isinstance(rule, Group) else [rule]
    return found


@dataclass
class _Facts:
    """The facts a tree reads (each window once), as subqueries LEFT JOINed to the customers."""

    counts: list[datetime | None] = field(default_factory=list)
    amounts: list[datetime | None] = field(default_factory=list)
    opened: list[datetime] = field(default_factory=list)
    rated: list[datetime] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def of(tree: Group, now: datetime, principal: Principal | None) -> _Facts:
        facts = _Facts()
        for rule in _conditions(tree):
            since = _since(rule, now)
            if rule.kind in _COUNT_KINDS and since not in facts.counts:
                facts.counts.append(since)
            elif rule.kind == "orderAmount" and since not in facts.amounts:
                facts.amounts.append(since)
            elif rule.kind == "ticketCount" and since not in facts.opened:
                facts.opened.append(since)  # type: ignore[arg-type]  # `days` is required
            elif rule.kind == "csat" and since not in facts.rated:
                facts.rated.append(since)  # type: ignore[arg-type]
        if facts.counts or facts.amounts:
            facts.tables["orders"] = customers.order_facts(facts.counts, facts.amounts)
        if facts.opened or facts.rated:
            facts.tables["tickets"] = ticket_facts(facts.opened, facts.rated, principal)
        return facts

    def joined(self, customer: Any) -> Any:
        """The customer table (or an alias of it) with the facts LEFT JOINed."""
        source = customer
        for table in self.tables.values():
            source = outerjoin(source, table, table.c.customer_id == customer.id)
        return source

    def order_count(self, since: datetime | None) -> Any:
        return func.coalesce(self.tables["orders"].c[f"count_{self.counts.index(since)}"], 0)

    def order_amount(self, since: datetime | None) -> Any:
        return func.coalesce(self.tables["orders"].c[f"amount_{self.amounts.index(since)}"], 0)

    def ticket_count(self, since: datetime) -> Any:
        return func.coalesce(self.tables["tickets"].c[f"count_{self.opened.index(since)}"], 0)

    def rating(self, since: datetime) -> Any:
        return self.tables["tickets"].c[f"rating_{self.rated.index(since)}"]


def _profile(rule: Condition, customer: Any, facts: _Facts, since: Any, principal: Any) -> Any:
    column = getattr(customer, rule.params["field"])
    return column.in_(list(rule.params["values"]))


def _csat(rule: Condition, customer: Any, facts: _Facts, since: Any, principal: Any) -> Any:
    average = facts.rating(since)
    return and_(average.is_not(None), _between(average, rule.params))


#: (rule, the customer entity, the facts, the window's start, the caller) -> a condition.
_Compile = Callable[[Condition, Any, _Facts, Any, Any], Any]
_COMPILERS: dict[str, _Compile] = {
    "profile": _profile,
    "hasTag": lambda r, c, f, since, who: customers.has_tag_clause(c.id, r.params["tag"]),
    "lacksTag": lambda r, c, f, since, who: not_(customers.has_tag_clause(c.id, r.params["tag"])),
    "rfmSegment": lambda r, c, f, since, who: customers.customer_rfm_segment_in(c.id, r.params["segments"]),
    "orderedProduct": lambda r, c, f, since, who: customers.customer_ordered(c.id, since, sku=r.params["sku"]),
    "orderedCategory": lambda r, c, f, since, who: customers.customer_ordered(
        c.id, since, category=r.params["category"]
    ),
    "noOrder": lambda r, c, f, since, who: f.order_count(since) == 0,
    "orderCount": lambda r, c, f, since, who: _between(f.order_count(since), r.params),
    "orderAmount": lambda r, c, f, since, who: _between(f.order_amount(since), r.params),
    "ticketCount": lambda r, c, f, since, who: _between(f.ticket_count(since), r.params),
    "csat": _csat,
    "leadSource": lambda r, c, f, since, who: customer_has_lead_from(c.id, r.params["source"], who),
    "likelyBuyer": lambda r, c, f, since, who: c.id.in_(likely_buyers(r.params["sku"], float(r.params["likelihood"]))),
}


def _condition(tree: Group, customer: Any, facts: _Facts, now: datetime, principal: Principal | None) -> Any:
    parts = [
        _condition(rule, customer, facts, now, principal)
        if isinstance(rule, Group)
        else _COMPILERS[rule.kind](rule, customer, facts, _since(rule, now), principal)
        for rule in tree.rules
    ]
    if tree.op == "and":
        return and_(true(), *parts)
    return or_(false(), *parts)


def _selected(columns: Any, tree: Group, now: datetime, principal: Principal | None) -> Select[Any]:
    """`columns` of the customers the rules select that `principal` may see, as one statement."""
    customer = customers.customer_model()
    facts = _Facts.of(tree, now, principal)
    stmt = select(columns).select_from(facts.joined(customer))
    return stmt.where(_condition(tree, customer, facts, now, principal), customers.segment_candidates(principal))


def condition_of(tree: Group, now: datetime, principal: Principal | None) -> ColumnElement[bool]:
    """The rules as one SQL condition over the customer table (`now` anchors every window): the test itself when
    the rules read only the customer, its tags, scores and leads; else the customer among those a statement with
    the facts joined selects (a semi-join)."""
    customer = customers.customer_model()
    facts = _Facts.of(tree, now, principal)
    if not facts.tables:
        return _condition(tree, customer, facts, now, principal)  # type: ignore[no-any-return]
    inner = aliased(customer, name="segment_customer")
    chosen = select(inner.id).select_from(facts.joined(inner)).where(_condition(tree, inner, facts, now, principal))
    return customer.id.in_(chosen)  # type: ignore[no-any-return]


def member_ids(tree: Group, now: datetime, principal: Principal | None) -> Select[Any]:
    """The ids of the customers the rules select that `principal` may see, as one statement."""
    return _selected(customers.customer_model().id, tree, now, principal)


def member_count(tree: Group, now: datetime, principal: Principal | None) -> Select[Any]:
    """How many customers the rules select that `principal` may see, as one statement."""
    return _selected(func.count(customers.customer_model().id), tree, now, principal)
