"""GraphQL inputs of ticket lists and live ticket events."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rapport.support.types import Channel, Priority, TicketStatus


@strawberry.input(description="What to list tickets by.")
class TicketFilter:
    """Every field narrows the list."""

    statuses: list[TicketStatus] | None = strawberry.field(default=None, description="Statuses.")
    queue_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Queues (teams).")
    assignee_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Assignees.")
    unassigned: bool = strawberry.field(default=False, description="Only tickets nobody works on.")
    customer_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Customers.")
    priorities: list[Priority] | None = strawberry.field(default=None, description="Priorities.")
    categories: list[str] | None = strawberry.field(default=None, description="Categories.")
    channels: list[Channel] | None = strawberry.field(default=None, description="Channels.")
    open_only: bool = strawberry.field(default=False, description="Only open tickets.")
    escalated_only: bool = strawberry.field(default=False, description="Only escalated tickets.")
    created_from: datetime | None = strawberry.field(default=None, description="Created at or after.")
    created_to: datetime | None = strawberry.field(default=None, description="Created before.")
    search: str | None = strawberry.field(default=None, description="A ticket number, or words of the subject.")


@strawberry.input(description="Which live ticket events to receive.")
class TicketEventFilter:
    """Every field narrows the stream; nothing given: every ticket you may see."""

    queue_id: strawberry.ID | None = strawberry.field(default=None, description="Only this queue.")
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Only this assignee.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="Only this customer.")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="Only this ticket.")
