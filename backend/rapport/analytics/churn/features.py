"""The churn model's features: ONE statement, one row per customer, as of any date (training at past dates,
scoring now), composed of the owning domains' query building blocks (their `churn_facts` modules).

Only rows dated before the as-of date count, so a backtest at a past date sees what was known then.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import DateTime, Float, and_, bindparam, case, cast, extract, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.churn_facts import activity_facts_as_of
from rapport.customers.churn_facts import (
    category_facts_as_of,
    churn_population,
    order_facts_as_of,
    revenue_after,
)
from rapport.sales.churn_facts import opportunity_facts_as_of, pool_facts_as_of
from rapport.support.churn_facts import ticket_facts_as_of

#: Churned: no revenue order in this many days after the as-of date.
HORIZON_DAYS = 90
#: Days since the last follow-up, when there never was one (and the cap of it).
NO_FOLLOW_UP_DAYS = 365.0

#: The features, in the model's order (each a column of `feature_statement`).
FEATURES = (
    "recency_days",
    "recency_log",
    "overdue_log",
    "gap_log",
    "due_in_horizon",
    "tenure_log",
    "orders_log",
    "orders_30",
    "orders_90",
    "orders_prev_90",
    "frequency_trend",
    "half_year_trend",
    "amount_trend",
    "monetary_log",
    "categories",
    "tickets_recent",
    "unresolved",
    "unresolved_priority",
    "csat_gap",
    "low_ratings",
    "activities_recent",
    "follow_up_days",
    "pool_moves",
    "open_deals",
    "lost_deals",
)


@dataclass(frozen=True)
class FeatureRows:
    """A feature query's answer as arrays: customers, their owners, features (rows x FEATURES), churn labels."""

    customer_ids: list[uuid.UUID]
    owner_ids: list[uuid.UUID | None]
    values: NDArray[np.float64]
    churned: NDArray[np.float64] | None

    def labels(self) -> NDArray[np.float64]:
        """The churn labels (1: churned) of a labelled query."""
        if self.churned is None:
            raise ValueError("the feature query was not labelled")
        return self.churned


def _days_between(later: Any, earlier: Any) -> Any:
    return extract("epoch", later - earlier) / 86400.0


def _ln1p(value: Any) -> Any:
    return func.ln(1.0 + func.greatest(cast(value, Float), 0.0))


def feature_statement(as_of: datetime, *, labelled: bool = False) -> Any:
    """The customers with a revenue order before `as_of` (not merged, not archived), one row each: `customer_id`,
    `owner_id`, every FEATURES column and, when `labelled`, `churned` (1: no revenue order in the HORIZON_DAYS
    after `as_of`). The date is a bound parameter: the same statement serves every date."""
    at = bindparam("as_of", as_of, type_=DateTime(timezone=True))
    people = churn_population()
    orders = order_facts_as_of(at)
    categories = category_facts_as_of(at)
    tickets = ticket_facts_as_of(at)
    activities = activity_facts_as_of(at)
    pool = pool_facts_as_of(at)
    deals = opportunity_facts_as_of(at)
    recency = _days_between(at, orders.c.last_order_at)
    span = _days_between(orders.c.last_order_at, orders.c.first_order_at)
    gap = case((orders.c.orders > 1, span / (orders.c.orders - 1)), else_=90.0)
    follow_up = func.least(
        func.coalesce(_days_between(at, activities.c.last_activity_at), NO_FOLLOW_UP_DAYS), NO_FOLLOW_UP_DAYS
    )
    zero = literal(0)
    columns: dict[str, Any] = {
        "recency_days": recency,
        "recency_log": _ln1p(recency),
        "overdue_log": _ln1p(recency / func.greatest(gap, 7.0)),
        "gap_log": _ln1p(gap),
        # The next order is due within the horizon by the customer's own rhythm (and it is not long overdue).
        "due_in_horizon": case((and_(recency <= 2 * gap, gap - recency <= HORIZON_DAYS), 1.0), else_=0.0),
        "tenure_log": _ln1p(_days_between(at, orders.c.first_order_at)),
        "orders_log": _ln1p(orders.c.orders),
        "orders_30": orders.c.orders_30,
        "orders_90": orders.c.orders_90,
        "orders_prev_90": orders.c.orders_prev_90,
        "frequency_trend": orders.c.orders_90 - orders.c.orders_prev_90,
        "half_year_trend": orders.c.orders_180 - orders.c.orders_prev_180,
        "amount_trend": _ln1p(orders.c.amount_90) - _ln1p(orders.c.amount_prev_90),
        "monetary_log": _ln1p(orders.c.amount_total),
        "categories": func.coalesce(categories.c.categories, zero),
        "tickets_recent": func.coalesce(tickets.c.tickets_recent, zero),
        "unresolved": func.coalesce(tickets.c.unresolved, zero),
        "unresolved_priority": func.coalesce(tickets.c.unresolved_priority, zero),
        "csat_gap": func.coalesce(5.0 - tickets.c.csat, 0.0),
        "low_ratings": func.coalesce(tickets.c.low_ratings, zero),
        "activities_recent": func.coalesce(activities.c.activities_recent, zero),
        "follow_up_days": follow_up,
        "pool_moves": func.coalesce(pool.c.pool_moves, zero),
        "open_deals": func.coalesce(deals.c.open_deals, zero),
        "lost_deals": func.coalesce(deals.c.lost_deals, zero),
    }
    selected = [people.c.customer_id, people.c.owner_id]
    selected += [cast(columns[name], Float).label(name) for name in FEATURES]
    stmt = select(*selected).select_from(people).join(orders, orders.c.customer_id == people.c.customer_id)
    for part in (categories, tickets, activities, pool, deals):
        stmt = stmt.outerjoin(part, part.c.customer_id == people.c.customer_id)
    if labelled:
        later = revenue_after(at, HORIZON_DAYS)
        stmt = stmt.outerjoin(later, later.c.customer_id == people.c.customer_id)
        stmt = stmt.add_columns(case((later.c.customer_id.is_(None), 1.0), else_=0.0).label("churned"))
    return stmt.order_by(people.c.customer_id)


async def feature_rows(session: AsyncSession, as_of: datetime, *, labelled: bool = False) -> FeatureRows:
    """Run `feature_statement` and give its answer as arrays (JIT off for the transaction: the statement's
    aggregates pass `jit_above_cost`, and compiling them with LLVM costs more than running them)."""
    await session.execute(text("SET LOCAL jit = off"))
    rows = (await session.execute(feature_statement(as_of, labelled=labelled))).all()
    width = len(FEATURES)
    values = np.array([row[2 : 2 + width] for row in rows], dtype=np.float64).reshape(len(rows), width)
    churned = np.array([row[-1] for row in rows], dtype=np.float64) if labelled else None
    return FeatureRows([row[0] for row in rows], [row[1] for row in rows], np.nan_to_num(values), churned)
