"""Association rules mined in SQL: one INSERT ... SELECT over every customer's capped basket, replacing the rules in
the same transaction (readers see the old set until it commits, then the new one; never a half-written one).

For each ordered pair of products (A -> B) bought by the same customers:

- `both_customers`: customers whose basket holds A and B; `antecedent_customers`: holding A; `consequent_customers`:
  holding B; `basket_customers`: customers with any basket;
- support = both / basket customers; confidence = both / with A; lift = confidence / (with B / basket customers).

Only pairs bought together by at least `MIN_SUPPORT_CUSTOMERS` customers are kept, and only rules whose consequent
is still sold: a rule is a statistic about many customers, never a trace of a few.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Text, cast, delete, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.analytics.affinity.models import ProductAffinityRule
from rapport.customers.affinity_facts import BASKET_CAP, baskets, catalogue

#: A rule needs at least this many customers who bought both products (privacy and significance).
MIN_SUPPORT_CUSTOMERS = 20
#: The advisory lock a mining run holds: a second worker's run at the same time skips instead of waiting.
MINING_LOCK = 0x41_46_46_49  # "AFFI"

_COLUMNS = (
    "antecedent_id",
    "consequent_id",
    "antecedent_name",
    "consequent_name",
    "basket_customers",
    "antecedent_customers",
    "consequent_customers",
    "both_customers",
    "support",
    "confidence",
    "lift",
    "rank",
    "computed_at",
)


def rules_select(
    now: datetime, as_of: datetime | None = None, *, cap: int = BASKET_CAP, minimum: int = MIN_SUPPORT_CUSTOMERS
) -> Any:
    """The rules as one SELECT of `_COLUMNS` (baskets before `as_of`; None: every order)."""
    basket = baskets(cap, as_of)
    left, right = basket.alias("a"), basket.alias("b")
    total = select(func.count(func.distinct(basket.c.customer_id))).scalar_subquery()
    items = select(basket.c.product_id, func.count().label("customers")).group_by(basket.c.product_id).subquery("items")
    pairs = (
        select(
            left.c.product_id.label("antecedent_id"),
            right.c.product_id.label("consequent_id"),
            func.count().label("both"),
        )
        .join(right, (right.c.customer_id == left.c.customer_id) & (right.c.product_id != left.c.product_id))
        .group_by(left.c.product_id, right.c.product_id)
        .having(func.count() >= minimum)
        .subquery("pairs")
    )
    with_a, with_b = aliased(items, name="with_a"), aliased(items, name="with_b")
    names = catalogue()
    a_name, b_name = names.alias("a_name"), names.alias("b_name")
    both = cast(pairs.c.both, Float)
    confidence = both / with_a.c.customers
    lift = confidence / (cast(with_b.c.customers, Float) / total)
    order = (confidence.desc(), lift.desc(), pairs.c.antecedent_id, pairs.c.consequent_id)
    rank = func.lpad(cast(func.row_number().over(order_by=order), Text), 12, "0")
    return (
        select(
            pairs.c.antecedent_id,
            pairs.c.consequent_id,
            a_name.c.name,
            b_name.c.name,
            total,
            with_a.c.customers,
            with_b.c.customers,
            pairs.c.both,
            both / total,
            confidence,
            lift,
            rank,
            literal(now),
        )
        .select_from(pairs)
        .join(with_a, with_a.c.product_id == pairs.c.antecedent_id)
        .join(with_b, with_b.c.product_id == pairs.c.consequent_id)
        .join(a_name, a_name.c.id == pairs.c.antecedent_id)
        .join(b_name, b_name.c.id == pairs.c.consequent_id)
        .where(b_name.c.active.is_(True))
    )


async def mine_rules(session: AsyncSession, now: datetime, as_of: datetime | None = None) -> dict[str, int]:
    """Replace every rule with freshly mined ones, in the caller's transaction; a run already going elsewhere makes
    this one skip (`skipped: 1`). Idempotent: the same orders give the same rules."""
    locked = (await session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": MINING_LOCK})).scalar()
    if not locked:
        return {"rules": 0, "skipped": 1}
    await session.execute(delete(ProductAffinityRule))
    result = await session.execute(insert(ProductAffinityRule).from_select(list(_COLUMNS), rules_select(now, as_of)))
    return {"rules": int(result.rowcount), "skipped": 0}  # type: ignore[attr-defined]
