"""Which tickets a caller sees, as SQL: the one definition that queries, counts and live events all apply.

The `Ticket` row scope and the related sources are values the support manifest lists; live events ask the
same scope in SQL (`rapport.support.live.TicketSight`), so nothing here has a Python twin.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select

from rapport.core.authz.scopes import RowScope, row_filter, visible_id
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.identity.service import team_subtree_ids
from rapport.support.lookup.repository import granted_customers
from rapport.support.models import PortalAccount, Ticket


def visible_tickets(principal: Principal | None) -> ColumnElement[bool]:
    """Tickets a caller may see: own = assigned to me, team = in my team's queues (subtree), related =
    tickets of customers I may see, or of my own company for portal users."""
    return row_filter(
        principal, "Ticket", id_column=Ticket.id, owner_column=Ticket.assignee_id, team_column=Ticket.queue_id
    )


TICKET_SCOPE = RowScope("Ticket", Ticket, visible_tickets, msg("No ticket with that id."))


def tickets_of_visible_customers(principal: Principal) -> ColumnElement[bool]:
    """Related tickets: those of customers the caller may see (the `Customer` row scope, from its one definition).

    Per ticket row, one primary-key probe of its customer: as `ticket.id IN (every ticket of every visible
    customer)` PostgreSQL hashed all of those per query (330,000 tickets and 750 ms for one rep's 360° view at
    the large benchmark scale).
    """
    return visible_id("Customer", principal, Ticket.customer_id)


def tickets_of_my_company(principal: Principal) -> Select[Any]:
    """Related tickets of a portal user: those of the company they act for."""
    mine = select(PortalAccount.customer_id).where(PortalAccount.user_id == principal.user_id)
    return select(Ticket.id).where(Ticket.customer_id.in_(mine))


def customers_of_my_tickets(principal: Principal) -> Select[Any]:
    """Related customers for the service desk: customers of tickets assigned to me or in my team's queues."""
    clauses = [Ticket.assignee_id == principal.user_id]
    if principal.team_path:
        clauses.append(Ticket.queue_id.in_(team_subtree_ids(principal.team_path)))
    return select(Ticket.customer_id).where(Ticket.customer_id.is_not(None), or_(*clauses))


def customers_identified_by_phone(principal: Principal) -> Select[Any]:
    """Related customers for the service desk: callers the caller identified by their whole phone number, until
    the grant expires (`rapport.support.lookup`)."""
    return granted_customers(principal.user_id)
