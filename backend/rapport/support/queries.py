"""Root query fields of tickets: one by id, and the console's list (which the compiler also serves)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import enum_values, filtered_page_root, node_by_id, raw_ids, statement_page
from rapport.graphql.types import After, Connection, First
from rapport.support import loaders
from rapport.support.inputs import TicketFilter
from rapport.support.repository import TicketFilterSpec, ticket_rows, visible_ticket
from rapport.support.types import Ticket


def ticket_filter_spec(f: TicketFilter | None) -> TicketFilterSpec:
    """The repository's filter from the GraphQL filter."""
    if f is None:
        return TicketFilterSpec()
    return TicketFilterSpec(
        statuses=enum_values(f.statuses),
        queue_ids=raw_ids(f.queue_ids, "Team"),
        assignee_ids=raw_ids(f.assignee_ids, "User"),
        unassigned=f.unassigned,
        customer_ids=raw_ids(f.customer_ids, "Customer"),
        priorities=enum_values(f.priorities),
        categories=f.categories,
        channels=enum_values(f.channels),
        open_only=f.open_only,
        escalated_only=f.escalated_only,
        created_from=f.created_from,
        created_to=f.created_to,
        search=(f.search or "").strip() or None,
    )


def _ticket_by_id(principal: Principal | None, arguments: Arguments) -> Rows:
    # As the `ticket_by_id` loader: the ticket if the caller may see it.
    return visible_ticket(principal, arguments["id"])


#: The compiled root fields of tickets (listed in the support manifest).
ROOTS = {
    "ticket": RootField(
        "Ticket", "one", _ticket_by_id, arguments=frozenset({"id"}), global_id_arguments={"id": "Ticket"}
    ),
    "tickets": filtered_page_root(
        "Ticket", lambda principal, f: ticket_rows(principal, ticket_filter_spec(f)), TicketFilter
    ),
}


@strawberry.type
class TicketQuery:
    """Root query fields of tickets."""

    @strawberry.field(description="A ticket by id; null when missing or not visible.")
    async def ticket(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Ticket | None:
        """One ticket."""
        return await node_by_id(info, "Ticket", id, loaders.ticket_by_id, Ticket.from_row)

    @strawberry.field(description="Tickets you may see, newest first.")
    async def tickets(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[TicketFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Ticket]:
        """A page of tickets."""
        rows = ticket_rows(info.context.principal, ticket_filter_spec(filter))
        return await statement_page(info, rows, first, after, Ticket.from_row)
