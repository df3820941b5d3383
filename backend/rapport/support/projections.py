"""Tickets as SQL for the compiled read path: the console's list and a customer's tickets, scoped as their loaders."""

from __future__ import annotations

from typing import Any

from rapport.core.principal import Principal
from rapport.customers.projections import contact_of, customer_of
from rapport.graphql.projections import Arguments, Relation, RootField, Rows, project, relation, root
from rapport.graphql.types import page_size_or_none
from rapport.identity.projections import by_team_id, by_user_id
from rapport.support import models, types
from rapport.support.repository import TICKETS_NEWEST_FIRST, TicketFilterSpec, filtered_tickets

project("Ticket", models.Ticket, types.Ticket)
# The SLA block reads the ticket's own columns; the breach flags depend on the clock and stay with the resolver.
project("TicketSla", models.Ticket, types.TicketSla, paused=lambda ticket: ticket.waiting_since.is_not(None))

#: Filter keys the compiled console list takes (booleans); any other filter runs through the resolver.
_FLAGS = {"openOnly": "open_only", "escalatedOnly": "escalated_only", "unassigned": "unassigned"}


def _ticket_page(principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    given = {k: v for k, v in (arguments.get("filter") or {}).items() if v not in (None, False)}
    if size is None or arguments.get("after") is not None or not set(given) <= set(_FLAGS):
        return None
    spec = TicketFilterSpec(
        open_only="openOnly" in given, escalated_only="escalatedOnly" in given, unassigned="unassigned" in given
    )
    return Rows(filtered_tickets(principal, spec), TICKETS_NEWEST_FIRST, size)


def _customer_tickets(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    # As `tickets_by_customer_id`: visible tickets, newest first, at most 50.
    spec = TicketFilterSpec(open_only=bool(arguments.get("openOnly")))
    statement = filtered_tickets(principal, spec).where(models.Ticket.customer_id == customer.id)
    return Rows(statement, TICKETS_NEWEST_FIRST, 50)


root("tickets", RootField("Ticket", "connection", _ticket_page, arguments=frozenset({"first", "after", "filter"})))
relation("Customer", "tickets", Relation("Ticket", "list", _customer_tickets, frozenset({"openOnly"})))
relation("Ticket", "assignee", Relation("User", "one", by_user_id("assignee_id")))
relation("Ticket", "sla", Relation("TicketSla", "embedded"))
relation("Ticket", "queue", Relation("Team", "one", by_team_id("queue_id")))
relation("Ticket", "customer", Relation("Customer", "one", customer_of))
relation("Ticket", "contact", Relation("Contact", "one", contact_of))
