"""Per-customer product facts for analytics' product affinity (cross-sell and launch targeting): which products each
customer bought on revenue orders (paid, shipped, completed), as query building blocks the analytics domain joins
into its own set-based statements. Cancelled, refunded and pending orders never count; lines without a product
(a deleted catalogue entry) never count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from rapport.customers.models import REVENUE_STATUSES, Order, OrderLine, Product

#: The basket cap: association mining reads at most this many distinct products per customer, the most recently
#: bought ones. A reseller or a test account that bought the whole catalogue would otherwise weigh in every pair.
BASKET_CAP = 12


def _bought(as_of: datetime | None = None) -> Any:
    """(customer_id, product_id, last_at) of every product a customer bought on a revenue order (before `as_of`)."""
    stmt = (
        select(
            Order.customer_id.label("customer_id"),
            OrderLine.product_id.label("product_id"),
            func.max(Order.ordered_at).label("last_at"),
        )
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.status.in_(REVENUE_STATUSES), OrderLine.product_id.is_not(None))
        .group_by(Order.customer_id, OrderLine.product_id)
    )
    if as_of is not None:
        stmt = stmt.where(Order.ordered_at < as_of)
    return stmt


def baskets(cap: int = BASKET_CAP, as_of: datetime | None = None) -> Any:
    """Query building block: a subquery of (customer_id, product_id), the distinct products each customer bought on
    revenue orders (before `as_of`; None: ever), capped to the `cap` most recently bought ones per customer."""
    bought = _bought(as_of).subquery("bought")
    ranked = select(
        bought.c.customer_id,
        bought.c.product_id,
        func.row_number()
        .over(partition_by=bought.c.customer_id, order_by=(bought.c.last_at.desc(), bought.c.product_id))
        .label("recency"),
    ).subquery("ranked")
    return select(ranked.c.customer_id, ranked.c.product_id).where(ranked.c.recency <= cap).subquery("basket")


def owned_pairs() -> Any:
    """Query building block: a subquery of (customer_id, product_id), every product each customer ever bought on a
    revenue order (uncapped: what "the customer already has" means for suggestions and targeting)."""
    return (
        select(Order.customer_id.label("customer_id"), OrderLine.product_id.label("product_id"))
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.status.in_(REVENUE_STATUSES), OrderLine.product_id.is_not(None))
        .distinct()
        .subquery("owned")
    )


def owned_products(customer_id: Any) -> Any:
    """Query building block: the ids of the products the customer (its id column; correlated) bought on revenue
    orders, as a SELECT for `IN` / `NOT IN` (never null)."""
    return (
        select(OrderLine.product_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            Order.customer_id == customer_id,
            Order.status.in_(REVENUE_STATUSES),
            OrderLine.product_id.is_not(None),
        )
        # however deep it sits (a lateral per customer, an EXISTS inside it), the customer is the enclosing row
        .correlate_except(Order, OrderLine)
    )


def catalogue() -> Any:
    """Query building block: a subquery of the catalogue's (id, name, active)."""
    return select(Product.id, Product.name, Product.active).subquery("catalogue")


def product_id_by_sku(sku: str) -> Any:
    """Query building block: the id of the product with this SKU, as a scalar subquery (null when none)."""
    return select(Product.id).where(Product.sku == sku).scalar_subquery()
