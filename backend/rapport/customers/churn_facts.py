"""Per-customer order facts as of a date, for the churn model (`rapport.analytics.churn.features`): one GROUP BY
pass over the revenue orders placed before the date, so the same statement serves training at past dates and
scoring now without reading anything the date did not know."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.customers.models import REVENUE_STATUSES, Customer, Order, OrderLine, Product


def _days(as_of: Any, days: int) -> Any:
    return as_of - timedelta(days=days)


def churn_population() -> Any:
    """Query building block: the customers a churn model may score (not merged away, not archived), as a subquery
    of `customer_id`, `owner_id` and `created_at`."""
    return (
        select(Customer.id.label("customer_id"), Customer.owner_id, Customer.created_at)
        .where(Customer.merged_into_id.is_(None), Customer.archived_at.is_(None))
        .subquery("churn_customers")
    )


def order_facts_as_of(as_of: Any) -> Any:
    """Query building block: one row per customer with a revenue order before `as_of` (a SQL timestamp), with
    `orders` (ever), `orders_30`, `orders_90`, `orders_prev_90` (90-180 days before), `orders_180`,
    `orders_prev_180` (180-360 days before), `amount_90`, `amount_prev_90`, `amount_total`, `first_order_at` and
    `last_order_at`; orders placed at or after `as_of` count nowhere (no leakage into a backtest)."""
    at = Order.ordered_at

    def count(since: int, until: int = 0) -> Any:
        return func.count().filter(at >= _days(as_of, since), at < _days(as_of, until))

    def amount(since: int, until: int = 0) -> Any:
        window = and_(at >= _days(as_of, since), at < _days(as_of, until))
        return func.coalesce(func.sum(Order.total_amount).filter(window), 0)

    return (
        select(
            Order.customer_id.label("customer_id"),
            func.count().label("orders"),
            count(30).label("orders_30"),
            count(90).label("orders_90"),
            count(180, 90).label("orders_prev_90"),
            count(180).label("orders_180"),
            count(360, 180).label("orders_prev_180"),
            amount(90).label("amount_90"),
            amount(180, 90).label("amount_prev_90"),
            func.sum(Order.total_amount).label("amount_total"),
            func.min(at).label("first_order_at"),
            func.max(at).label("last_order_at"),
        )
        .where(Order.status.in_(REVENUE_STATUSES), at < as_of)
        .group_by(Order.customer_id)
        .subquery("churn_orders")
    )


def category_facts_as_of(as_of: Any, days: int = 365) -> Any:
    """Query building block: per customer, `categories`, how many product categories its revenue orders of the
    `days` before `as_of` held."""
    return (
        select(Order.customer_id.label("customer_id"), func.count(func.distinct(Product.category)).label("categories"))
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Product, Product.id == OrderLine.product_id)
        .where(Order.status.in_(REVENUE_STATUSES), Order.ordered_at < as_of, Order.ordered_at >= _days(as_of, days))
        .group_by(Order.customer_id)
        .subquery("churn_categories")
    )


def revenue_after(start: Any, days: int) -> Any:
    """Query building block: the customers with a revenue order in the `days` from `start` (a churn label: those
    not in it churned), as a subquery of `customer_id`."""
    return (
        select(Order.customer_id.label("customer_id"))
        .where(
            Order.status.in_(REVENUE_STATUSES),
            Order.ordered_at >= start,
            Order.ordered_at < start + timedelta(days=days),
        )
        .group_by(Order.customer_id)
        .subquery("churn_label")
    )


async def names_and_owners(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, str, uuid.UUID | None]]:
    """Customers' names and owners (id, name, owner id), for alerts about them, in the order of `ids`."""
    if not ids:
        return []
    rows = await session.execute(select(Customer.id, Customer.name, Customer.owner_id).where(Customer.id.in_(ids)))
    found = {row[0]: (row[0], row[1], row[2]) for row in rows}
    return [found[i] for i in ids if i in found]


async def revenue_spans(session: AsyncSession) -> list[tuple[uuid.UUID, Any, Any]]:
    """Every customer with a revenue order: (id, first order time, last order time), by id (the demo's service desk
    plants complaints where a customer's orders thin out)."""
    rows = await session.execute(
        select(Order.customer_id, func.min(Order.ordered_at), func.max(Order.ordered_at))
        .where(Order.status.in_(REVENUE_STATUSES))
        .group_by(Order.customer_id)
        .order_by(Order.customer_id)
    )
    return [(row[0], row[1], row[2]) for row in rows]
