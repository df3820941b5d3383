"""Per-customer sales facts as of a date, for the churn model (`rapport.analytics.churn.features`): moves to and
from the public pool, open deals, deals lost lately."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select

from rapport.sales.models import Opportunity, PoolMovement


def pool_facts_as_of(as_of: Any, days: int = 180) -> Any:
    """Query building block: per customer, `pool_moves`: its pool movements in the `days` before `as_of`."""
    since = as_of - timedelta(days=days)
    return (
        select(PoolMovement.customer_id.label("customer_id"), func.count().label("pool_moves"))
        .where(PoolMovement.at < as_of, PoolMovement.at >= since)
        .group_by(PoolMovement.customer_id)
        .subquery("churn_pool")
    )


def opportunity_facts_as_of(as_of: Any, days: int = 180) -> Any:
    """Query building block: per customer with a deal created before `as_of`, `open_deals` (still open at
    `as_of`) and `lost_deals` (lost in the `days` before it)."""
    since = as_of - timedelta(days=days)
    closed_before = Opportunity.closed_at < as_of
    return (
        select(
            Opportunity.customer_id.label("customer_id"),
            func.count()
            .filter(or_(Opportunity.closed_at.is_(None), Opportunity.closed_at >= as_of))
            .label("open_deals"),
            func.count()
            .filter(Opportunity.status == "lost", closed_before, Opportunity.closed_at >= since)
            .label("lost_deals"),
        )
        .where(Opportunity.created_at < as_of)
        .group_by(Opportunity.customer_id)
        .subquery("churn_deals")
    )
