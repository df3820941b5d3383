"""`ticketUpsert`: tickets from another system, by its ids."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.support.types import Ticket
from rapport.support.workflow.inputs import TicketUpsertInput
from rapport.support.workflow.mutations import _links, _shown
from rapport.support.workflow.upsert import OMITTED, Outcome, TicketUpsert, upsert_ticket


@strawberry.type(description="The result of `ticketUpsert`.")
class TicketUpsertPayload:
    """The ticket as the caller may see it now and whether this call opened it, or what went wrong."""

    ticket: Ticket | None = strawberry.field(description="The ticket after the change.")
    created: bool = strawberry.field(description="True when no ticket had the external id before.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class TicketSyncMutation:
    """Root mutation fields for systems that keep their own ticket ids."""

    @strawberry.mutation(
        description="Open the ticket with this external id (routed, SLA started, as ticketCreate), or set the "
        "subject, description, category and priority of the one holding it."
    )
    async def ticket_upsert(self, info: Info, input: Annotated[TicketUpsertInput, INPUT]) -> TicketUpsertPayload:
        """Create or update a ticket by external id."""
        ctx = info.context

        async def body() -> Any:
            upsert = TicketUpsert(
                external_id=input.external_id,
                subject=input.subject,
                category=input.category,
                description=OMITTED if input.description is strawberry.UNSET else input.description,
                priority=input.priority.value if input.priority else None,
                channel=input.channel.value,
                customer_id=from_global_id(input.customer_id, "Customer")[1] if input.customer_id else None,
                customer_external_id=input.customer_external_id,
                version=input.version,
            )
            async with ctx.write() as session:
                ticket, outcome = await upsert_ticket(session, ctx.viewer, upsert, _links(info))
            return ticket, outcome is Outcome.CREATED

        result = await attempt(body)
        if isinstance(result, list):
            return TicketUpsertPayload(ticket=None, created=False, user_errors=result)
        row, created = result
        return TicketUpsertPayload(ticket=await _shown(info, row), created=created, user_errors=[])
