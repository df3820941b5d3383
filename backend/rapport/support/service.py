"""The service desk's building blocks for other domains' SQL (e.g. marketing's segment rules).

Each takes the customer id column of the statement it goes into and returns a correlated SQL expression over the
tickets the caller may see (the `Ticket` row scope), answered by the index on (customer_id, created_at).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

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
