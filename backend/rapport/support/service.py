"""The service desk's building blocks for other domains' SQL (e.g. marketing's segment rules).

Each reads only the tickets the caller may see (the `Ticket` row scope): correlated expressions take the customer id
column of the statement they go into (answered by the index on (customer_id, created_at)); `ticket_facts` is one
pass over the tickets grouped by customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from rapport.core.principal import Principal
from rapport.support.models import Ticket
from rapport.support.scopes import visible_tickets


def customer_ticket_count(customer_id: Any, since: Any, principal: Principal | None) -> Any:
    """SQL: how many of the customer's tickets opened at or after `since` the caller may see."""
    where = [Ticket.customer_id == customer_id, Ticket.created_at >= since, visible_tickets(principal)]
    return select(func.count(Ticket.id)).where(*where).scalar_subquery()


def customer_rating_average(customer_id: Any, since: Any, principal: Principal | None) -> Any:
    """SQL: the average satisfaction rating (1-5) of the customer's tickets rated at or after `since` that the caller
    may see; null without such a rating."""
    where = [Ticket.customer_id == customer_id, Ticket.rated_at >= since, Ticket.rating.is_not(None)]
    return select(func.avg(Ticket.rating)).where(*where, visible_tickets(principal)).scalar_subquery()


def ticket_facts(
    count_windows: Sequence[datetime], rating_windows: Sequence[datetime], principal: Principal | None
) -> Any:
    """Query building block: one row per customer with a ticket the caller may see opened or rated in any window,
    as a subquery of `customer_id`, `count_i` (tickets opened at or after `count_windows[i]`) and `rating_i` (the
    average rating of those rated at or after `rating_windows[i]`; null without one). One GROUP BY pass for every
    ticket condition of a segment's rules, joined to the customers."""
    columns: list[Any] = [Ticket.customer_id.label("customer_id")]
    # count(*), not of a column: the index on (created_at) with its INCLUDEd columns answers it alone (index-only)
    columns += [func.count().filter(Ticket.created_at >= s).label(f"count_{i}") for i, s in enumerate(count_windows)]
    rated = [and_(Ticket.rated_at >= s, Ticket.rating.is_not(None)) for s in rating_windows]
    columns += [func.avg(Ticket.rating).filter(r).label(f"rating_{i}") for i, r in enumerate(rated)]
    within = [Ticket.created_at >= min(count_windows)] if count_windows else []
    within += [Ticket.rated_at >= min(rating_windows)] if rating_windows else []
    stmt = select(*columns).where(Ticket.customer_id.is_not(None), visible_tickets(principal), or_(*within))
    return stmt.group_by(Ticket.customer_id).subquery("segment_tickets")
