"""`ticketUpsert`: tickets from another system, by its ids."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.core import external_ids
from rapport.core.errors import BadUserInputError
from rapport.customers.external import customer_id_by_external_id
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.support.messages import service as messages
from rapport.support.types import Ticket
from rapport.support.workflow import service as workflow
from rapport.support.workflow.external import TicketChanges, apply_changes, ticket_id_by_external_id
from rapport.support.workflow.inputs import TicketUpsertInput
from rapport.support.workflow.mutations import _links, _shown


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
            key = external_ids.required(input.external_id)
            async with ctx.write() as session:
                await external_ids.lock(session, "ticket", [key])
                holder = await ticket_id_by_external_id(session, key)
                if holder is not None:
                    ticket = await workflow.locked_ticket(session, ctx.viewer, holder)
                    workflow.check_version(ticket, input.version)
                    description = ticket.description if input.description is strawberry.UNSET else input.description
                    priority = ticket.priority if not input.priority else input.priority.value
                    changes = TicketChanges(input.subject, input.category, description, priority)
                    apply_changes(session, ctx.viewer, ticket, changes)
                    return ticket, False
                if input.customer_id is not None and input.customer_external_id is not None:
                    raise BadUserInputError(
                        "Name the customer by customerId or by customerExternalId (one of them).", field="customerId"
                    )
                customer_id = (
                    from_global_id(input.customer_id, "Customer")[1]
                    if input.customer_id
                    else await customer_id_by_external_id(session, ctx.viewer, input.customer_external_id)
                    if input.customer_external_id
                    else None
                )
                draft = workflow.TicketDraft(
                    subject=input.subject,
                    category=input.category,
                    description=None if input.description is strawberry.UNSET else input.description,
                    customer_id=customer_id,
                    channel=input.channel.value,
                    priority=input.priority.value if input.priority else "normal",
                    external_id=key,
                )
                ticket = await workflow.create_ticket(session, ctx.viewer, draft)
                await messages.acknowledge(session, ticket, _links(info))
                return ticket, True

        result = await attempt(body)
        if isinstance(result, list):
            return TicketUpsertPayload(ticket=None, created=False, user_errors=result)
        row, created = result
        return TicketUpsertPayload(ticket=await _shown(info, row), created=created, user_errors=[])
