"""Per-customer facts for marketing's segment rules: one GROUP BY pass over a table, which the segment's statement
joins to the customers (LEFT JOIN: a customer without rows has no facts row, which the rules read as 0 / false).

One pass over the orders answers every order-count, order-amount and no-order condition of a rule tree, for every
window it names, instead of a correlated aggregate per customer and condition (100,000 customers x 3 index scans
and a JIT-compiled plan took 1-3 s; docs/performance.md, "Segment counts at 100,000 customers").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal_column, select

from rapport.customers.models import REVENUE_STATUSES, Order

#: The revenue statuses written into the statement (not bound): the partial index on revenue orders
#: (`ix_sales_order_revenue_customer`) matches only a predicate it can prove, also in a prepared statement's
#: generic plan, where bound values are unknown.
_REVENUE = Order.status.in_([literal_column(f"'{status}'") for status in REVENUE_STATUSES])


def order_facts(counts: Sequence[datetime | None], amounts: Sequence[datetime | None]) -> Any:
    """Query building block: one row per customer with an order (paid, shipped or completed) in any of the windows,
    as a subquery of `customer_id`, `count_i` (how many orders were placed at or after `counts[i]`; None: ever) and
    `amount_i` (the total of those placed at or after `amounts[i]`; 0 when none). Only the aggregates asked for are
    computed (a sum of amounts holds a numeric state per customer)."""
    columns: list[Any] = [Order.customer_id.label("customer_id")]
    for i, since in enumerate(counts):
        count = func.count()  # no column: the revenue index alone answers it (index-only)
        columns.append((count if since is None else count.filter(Order.ordered_at >= since)).label(f"count_{i}"))
    for i, since in enumerate(amounts):
        total: Any = func.sum(Order.total_amount)
        total = total if since is None else total.filter(Order.ordered_at >= since)
        columns.append(func.coalesce(total, 0).label(f"amount_{i}"))
    stmt = select(*columns).where(_REVENUE, Order.customer_id.is_not(None))
    windows = [*counts, *amounts]
    if all(since is not None for since in windows):  # orders before every window count nowhere
        stmt = stmt.where(Order.ordered_at >= min(since for since in windows if since is not None))
    return stmt.group_by(Order.customer_id).subquery("segment_orders")
