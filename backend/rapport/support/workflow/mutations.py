"""Root mutation fields of the ticket workflow."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import shown
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome
from rapport.graphql.node import from_global_id, to_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.support.messages import service as messages
from rapport.support.models import Ticket as TicketRow
from rapport.support.types import Ticket, TicketComment
from rapport.support.workflow import service as workflow
from rapport.support.workflow.inputs import (
    TicketActionInput,
    TicketAssignInput,
    TicketCommentInput,
    TicketCreateInput,
    TicketRateInput,
    TicketReasonInput,
)


@strawberry.type(description="The result of a ticket mutation.")
class TicketPayload:
    """The ticket as it is now, or what went wrong."""

    ticket: Ticket | None = strawberry.field(description="The ticket after the change.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems you can fix (e.g. INVALID_TRANSITION); nothing changed if any."
    )


@strawberry.type(description="The result of `ticketResolve`.")
class TicketResolvePayload:
    """The resolved ticket, and its survey link when it could not be emailed to the customer."""

    ticket: Ticket | None = strawberry.field(description="The ticket, now RESOLVED.")
    survey_url: str | None = strawberry.field(
        description=(
            "The customer's single-use rating link (earlier links stop working), returned only when it could not be"
            " emailed to them (no contact with an email address, e.g. a phone-only customer) so that you can pass it"
            " on another way; handing it to you is recorded in the audit log. Null when it was emailed to the"
            " customer."
        )
    )
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `ticketComment`.")
class TicketCommentPayload:
    """The comment and the ticket."""

    comment: TicketComment | None = strawberry.field(description="The new comment.")
    ticket: Ticket | None = strawberry.field(description="The ticket after the comment.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


Action = Callable[[AsyncSession, Principal], Awaitable[TicketRow]]


async def _shown(info: Info, row: TicketRow) -> Ticket | None:
    """The changed ticket as the caller may see it (routing may have put it out of their scope): null if not."""
    async with info.context.db.read() as session:
        visible = await shown(session, info.context.viewer, "Ticket", row.id)
    return None if visible is None else Ticket.from_row(visible)


async def _changed(info: Info, action: Action) -> TicketPayload:
    """Run a workflow action in a unit of work (a malformed id in the input is a user error too); the payload shows
    the ticket as the caller may see it now."""

    async def body() -> Ticket | None:
        async with info.context.write() as session:
            row = await action(session, info.context.viewer)
        return await _shown(info, row)

    return await outcome(TicketPayload, "ticket", body)


def _ticket_id(value: str) -> uuid.UUID:
    return from_global_id(value, "Ticket")[1]


def _links(info: Info) -> messages.Links:
    """How links in the customer's emails are made: PUBLIC_URL (else this request's address), the signing key."""
    settings = info.context.settings
    base = (settings.public_url or str(info.context.request.base_url)).rstrip("/")
    return messages.Links(
        base, settings.secret_key, lambda ticket_id: f"/portal/tickets/{to_global_id('Ticket', ticket_id)}"
    )


@strawberry.type
class WorkflowMutation:
    """Root mutation fields of the ticket workflow."""

    @strawberry.mutation(description="Open a ticket: routed to a queue and agent when a rule matches, SLA started.")
    async def ticket_create(self, info: Info, input: Annotated[TicketCreateInput, INPUT]) -> TicketPayload:
        """Create a ticket."""

        async def create(session: AsyncSession, principal: Principal) -> TicketRow:
            draft = workflow.TicketDraft(
                subject=input.subject,
                category=input.category,
                description=input.description,
                customer_id=from_global_id(input.customer_id, "Customer")[1] if input.customer_id else None,
                contact_id=from_global_id(input.contact_id, "Contact")[1] if input.contact_id else None,
                channel=input.channel.value,
                priority=input.priority.value,
                external_id=input.external_id,
            )
            ticket = await workflow.create_ticket(session, principal, draft)
            await messages.acknowledge(session, ticket, _links(info))
            return ticket

        return await _changed(info, create)

    @strawberry.mutation(
        description="Give a ticket to an agent (supervisors); also puts reopened tickets back to work."
    )
    async def ticket_assign(self, info: Info, input: Annotated[TicketAssignInput, INPUT]) -> TicketPayload:
        """Assign a ticket."""
        agent = from_global_id(input.agent_id, "User")[1]  # a malformed agent id is a GraphQL error, as before
        return await _changed(info, lambda s, p: workflow.assign(s, p, _ticket_id(input.id), agent, input.version))

    @strawberry.mutation(description="The assignee starts (or resumes) work: IN_PROGRESS.")
    async def ticket_start(self, info: Info, input: Annotated[TicketActionInput, INPUT]) -> TicketPayload:
        """Start work."""
        return await _changed(info, lambda s, p: workflow.start(s, p, _ticket_id(input.id), input.version))

    @strawberry.mutation(description="Wait on the customer: WAITING, the SLA clock pauses.")
    async def ticket_wait(self, info: Info, input: Annotated[TicketActionInput, INPUT]) -> TicketPayload:
        """Wait on the customer."""
        return await _changed(info, lambda s, p: workflow.wait_for_customer(s, p, _ticket_id(input.id), input.version))

    @strawberry.mutation(description="Reply (public) or add an internal note.")
    async def ticket_comment(self, info: Info, input: Annotated[TicketCommentInput, INPUT]) -> TicketCommentPayload:
        """Comment on a ticket."""

        async def body() -> TicketCommentPayload:
            async with info.context.write() as session:
                row, note = await workflow.comment(
                    session, info.context.viewer, _ticket_id(input.id), input.body, public=input.public
                )
                await messages.reply(session, row, note, _links(info))
            ticket = await _shown(info, row)
            return TicketCommentPayload(comment=TicketComment.from_row(note), ticket=ticket, user_errors=[])

        done = await attempt(body)
        return TicketCommentPayload(comment=None, ticket=None, user_errors=done) if isinstance(done, list) else done

    @strawberry.mutation(
        description=(
            "Resolve: RESOLVED, waiting for the customer's rating; the survey link is emailed to the customer, and"
            " returned (audited) only when the customer has no email address."
        )
    )
    async def ticket_resolve(self, info: Info, input: Annotated[TicketActionInput, INPUT]) -> TicketResolvePayload:
        """Resolve a ticket."""

        async def body() -> TicketResolvePayload:
            async with info.context.write() as session:
                row = await workflow.resolve(session, info.context.viewer, _ticket_id(input.id), input.version)
                survey_url = await messages.resolution(session, row, _links(info), info.context.viewer.user_id)
            ticket = await _shown(info, row)
            return TicketResolvePayload(ticket=ticket, survey_url=survey_url, user_errors=[])

        done = await attempt(body)
        if isinstance(done, list):
            return TicketResolvePayload(ticket=None, survey_url=None, user_errors=done)
        return done

    @strawberry.mutation(description="Rate a resolved ticket: 3 stars or more closes it, fewer reopen it.")
    async def ticket_rate(self, info: Info, input: Annotated[TicketRateInput, INPUT]) -> TicketPayload:
        """Rate a ticket."""
        return await _changed(info, lambda s, p: workflow.rate(s, p, _ticket_id(input.id), input.rating, input.comment))

    @strawberry.mutation(description="Escalate by hand: the level rises and the queue's supervisor is told.")
    async def ticket_escalate(self, info: Info, input: Annotated[TicketReasonInput, INPUT]) -> TicketPayload:
        """Escalate a ticket."""
        return await _changed(info, lambda s, p: workflow.escalate(s, p, _ticket_id(input.id), input.reason))

    @strawberry.mutation(description="Reopen a resolved or closed ticket: back to the supervisor's queue.")
    async def ticket_reopen(self, info: Info, input: Annotated[TicketReasonInput, INPUT]) -> TicketPayload:
        """Reopen a ticket."""
        return await _changed(info, lambda s, p: workflow.reopen(s, p, _ticket_id(input.id), input.reason))
