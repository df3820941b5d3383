"""Segment rules as SQL: one condition over the customer table, and the statements of a segment's members.

Behaviour conditions become correlated EXISTS or scalar aggregates that the owning domains build (orders by the
index on (customer_id, ordered_at), tickets on (customer_id, created_at)): never Python per customer. Every
statement applies the caller's `Customer` row scope (`segment_candidates`), so a caller only ever counts the
customers they may see; conditions on tickets and leads count only the tickets and leads the caller may see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select, true

from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.authz.policy import current as current_policy
from rapport.core.errors import ForbiddenError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers import service as customers
from rapport.marketing.segments.rules import Condition, Group, needs
from rapport.sales.service import customer_has_lead_from
from rapport.support.service import customer_rating_average, customer_ticket_count


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


def _condition(rule: Condition, customer_id: Any, now: datetime, principal: Principal | None) -> Any:
    p = rule.params
    since = now - timedelta(days=p["days"]) if "days" in p else None
    compile_one = _COMPILERS[rule.kind]
    return compile_one(p, customer_id, since, principal)


def _profile(p: Any, customer_id: Any, since: Any, principal: Any) -> Any:
    column = getattr(customers.customer_model(), p["field"])
    return column.in_(list(p["values"]))


def _csat(p: Any, customer_id: Any, since: Any, principal: Any) -> Any:
    average = customer_rating_average(customer_id, since, principal)
    return and_(average.is_not(None), _between(average, p))


_Compile = Callable[[Any, Any, Any, Any], Any]
_COMPILERS: dict[str, _Compile] = {
    "profile": _profile,
    "hasTag": lambda p, cid, since, who: customers.has_tag_clause(cid, p["tag"]),
    "lacksTag": lambda p, cid, since, who: not_(customers.has_tag_clause(cid, p["tag"])),
    "rfmSegment": lambda p, cid, since, who: customers.customer_rfm_segment_in(cid, p["segments"]),
    "orderedProduct": lambda p, cid, since, who: customers.customer_ordered(cid, since, sku=p["sku"]),
    "orderedCategory": lambda p, cid, since, who: customers.customer_ordered(cid, since, category=p["category"]),
    "noOrder": lambda p, cid, since, who: not_(customers.customer_ordered(cid, since)),
    "orderCount": lambda p, cid, since, who: _between(customers.customer_order_count(cid, since), p),
    "orderAmount": lambda p, cid, since, who: _between(customers.customer_order_amount(cid, since), p),
    "ticketCount": lambda p, cid, since, who: _between(customer_ticket_count(cid, since, who), p),
    "csat": _csat,
    "leadSource": lambda p, cid, since, who: customer_has_lead_from(cid, p["source"], who),
}


def condition_of(tree: Group, now: datetime, principal: Principal | None) -> ColumnElement[bool]:
    """The rules as one SQL condition over the customer table (`now` anchors every window)."""
    customer_id = customers.customer_model().id
    parts = [
        condition_of(rule, now, principal) if isinstance(rule, Group) else _condition(rule, customer_id, now, principal)
        for rule in tree.rules
    ]
    if tree.op == "and":
        return and_(true(), *parts)
    return or_(false(), *parts)


def member_ids(tree: Group, now: datetime, principal: Principal | None) -> Select[Any]:
    """The ids of the customers the rules select that `principal` may see, as one statement."""
    customer = customers.customer_model()
    return select(customer.id).where(condition_of(tree, now, principal), customers.segment_candidates(principal))


def member_count(tree: Group, now: datetime, principal: Principal | None) -> Select[Any]:
    """How many customers the rules select that `principal` may see, as one statement."""
    customer = customers.customer_model()
    return select(func.count(customer.id)).where(
        condition_of(tree, now, principal), customers.segment_candidates(principal)
    )
