"""GraphQL inputs of the ticket workflow."""

from __future__ import annotations

import strawberry

from rapport.support.types import Channel, Priority


@strawberry.input(description="A new ticket.")
class TicketCreateInput:
    """What the customer needs; portal users' tickets are filed for their own company."""

    subject: str = strawberry.field(description="What it is about.")
    category: str = strawberry.field(description="Category, e.g. billing, installation (drives routing and SLA).")
    description: str | None = strawberry.field(default=None, description="The request in detail.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="The customer (staff, API).")
    contact_id: strawberry.ID | None = strawberry.field(default=None, description="The contact who asked.")
    channel: Channel = strawberry.field(default=Channel.WEB, description="Where it came from.")
    priority: Priority = strawberry.field(default=Priority.NORMAL, description="How urgent.")
    external_id: str | None = strawberry.field(
        default=None, description="The ticket's id in another system; unique (another ticket's is refused)."
    )


@strawberry.input(description="A ticket by its id in another system: opened when new, else its text and priority set.")
class TicketUpsertInput:
    """On create, as `ticketCreate`; on update, the subject and category are set, and the description and
    priority when given (omitted ones stay; the workflow's state changes through its own mutations)."""

    external_id: str = strawberry.field(description="The ticket's id in your system.")
    subject: str = strawberry.field(description="What it is about.")
    category: str = strawberry.field(description="Category, e.g. billing, installation (drives routing and SLA).")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="The request in detail (omitted: kept on update)."
    )
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="The customer (on create).")
    customer_external_id: str | None = strawberry.field(
        default=None, description="The customer by its external id (on create)."
    )
    channel: Channel = strawberry.field(default=Channel.API, description="Where it came from (on create).")
    priority: Priority | None = strawberry.field(
        default=strawberry.UNSET, description="How urgent (omitted: normal on create, kept on update)."
    )
    version: int | None = strawberry.field(
        default=None, description="When given, the version you read: a newer one is a CONFLICT."
    )


@strawberry.input(description="A ticket at the version you read.")
class TicketActionInput:
    """Which ticket; `version` is optional for actions that do not overwrite fields."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    version: int | None = strawberry.field(default=None, description="The version you read (CONFLICT if stale).")


@strawberry.input(description="Give a ticket to an agent.")
class TicketAssignInput:
    """Ticket and agent."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    agent_id: strawberry.ID = strawberry.field(description="The service agent or supervisor.")
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="A reply or an internal note.")
class TicketCommentInput:
    """The ticket and the text."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    body: str = strawberry.field(description="The text.")
    public: bool = strawberry.field(default=True, description="False: an internal note customers never see.")


@strawberry.input(description="The customer's rating of a resolved ticket.")
class TicketRateInput:
    """1-5 stars: 3 or more closes, fewer reopen."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    rating: int = strawberry.field(description="1 to 5 stars.")
    comment: str | None = strawberry.field(default=None, description="What the customer says.")


@strawberry.input(description="Escalate or reopen with a reason.")
class TicketReasonInput:
    """The ticket and why."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    reason: str | None = strawberry.field(default=None, description="Why.")
