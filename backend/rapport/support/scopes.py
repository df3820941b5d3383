"""Which tickets a caller sees, as SQL: the one definition that queries, counts and live events all apply."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, select

from rapport.core.authz.scopes import RowScope, declare_row_scope, register_related, row_filter
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.customers.repository import visible_customers
from rapport.identity.repository import team_subtree
from rapport.support.models import PortalAccount, Ticket


def visible_tickets(principal: Principal | None) -> ColumnElement[bool]:
    """Tickets a caller may see: own = assigned to me, team = in my team's queues (subtree), related =
    tickets of customers I may see, or of my own company for portal users."""
    return row_filter(
        principal, "Ticket", id_column=Ticket.id, owner_column=Ticket.assignee_id, team_column=Ticket.queue_id
    )


declare_row_scope(RowScope("Ticket", Ticket, visible_tickets, "No ticket with that id."))


def _tickets_of_visible_customers(principal: Principal) -> ColumnElement[bool]:
    # Per ticket row: is its customer visible? One primary-key lookup per row. As `ticket.id IN (every ticket
    # of every visible customer)` PostgreSQL hashed all of those per query: 330,000 tickets and 750 ms for one
    # rep's 360° view at the large benchmark scale.
    visible = (
        select(visible_customers(principal))
        .where(Customer.id == Ticket.customer_id)
        .correlate(Ticket)
        .scalar_subquery()
    )
    return func.coalesce(visible, false())


def _tickets_of_my_company(principal: Principal) -> Select[Any]:
    mine = select(PortalAccount.customer_id).where(PortalAccount.user_id == principal.user_id)
    return select(Ticket.id).where(Ticket.customer_id.in_(mine))


def _customers_of_my_tickets(principal: Principal) -> Select[Any]:
    """For the service desk: customers of tickets assigned to me or in my team's queues."""
    clauses = [Ticket.assignee_id == principal.user_id]
    if principal.team_path:
        clauses.append(Ticket.queue_id.in_(team_subtree(principal.team_path)))
    from sqlalchemy import or_

    return select(Ticket.customer_id).where(Ticket.customer_id.is_not(None), or_(*clauses))


register_related("Ticket", _tickets_of_visible_customers)
register_related("Ticket", _tickets_of_my_company)
register_related("Customer", _customers_of_my_tickets)
