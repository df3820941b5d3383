"""Per-customer service facts as of a date, for the churn model (`rapport.analytics.churn.features`): tickets opened
lately, tickets still unresolved at the date and their worst priority, and satisfaction ratings given before it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from rapport.support.models import Ticket

#: Priorities as numbers (worse is higher), for the worst one of a customer's unresolved tickets.
PRIORITY_RANK = {"low": 1, "normal": 2, "high": 3, "urgent": 4}


def ticket_facts_as_of(as_of: Any, days: int = 90) -> Any:
    """Query building block: one row per customer with a ticket created before `as_of` (a SQL timestamp), with
    `tickets_recent` (opened in the `days` before it), `unresolved` (open at `as_of`: not resolved before it),
    `unresolved_priority` (the worst of those, 0-4), `csat` (mean rating given before it, null when none) and
    `low_ratings` (ratings of 1-2 given in the `days` before it)."""
    created = Ticket.created_at
    open_then = or_(Ticket.resolved_at.is_(None), Ticket.resolved_at >= as_of)
    since = as_of - timedelta(days=days)
    rated = and_(Ticket.rated_at.is_not(None), Ticket.rated_at < as_of)
    rank = case(PRIORITY_RANK, value=Ticket.priority, else_=2)
    return (
        select(
            Ticket.customer_id.label("customer_id"),
            func.count().filter(created >= since).label("tickets_recent"),
            func.count().filter(open_then).label("unresolved"),
            func.coalesce(func.max(rank).filter(open_then), 0).label("unresolved_priority"),
            func.avg(Ticket.rating).filter(rated).label("csat"),
            func.count().filter(rated, Ticket.rated_at >= since, Ticket.rating <= 2).label("low_ratings"),
        )
        .where(Ticket.customer_id.is_not(None), created < as_of)
        .group_by(Ticket.customer_id)
        .subquery("churn_tickets")
    )
