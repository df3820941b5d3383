"""GraphQL types of the service desk."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from rapport.core import clock
from rapport.customers import loaders as customer_loaders
from rapport.customers.types import Contact, Customer
from rapport.graphql.context import Info
from rapport.graphql.node import Node, register_node, to_global_id
from rapport.identity import loaders as identity_loaders
from rapport.identity.types import Team, User
from rapport.support import loaders, models
from rapport.support.events import EVENT_KINDS

TicketStatus = models.TicketStatus
Priority = models.Priority
Channel = models.Channel
strawberry.enum(
    TicketStatus, description="NEW -> ASSIGNED -> IN_PROGRESS (<-> WAITING) -> RESOLVED -> CLOSED or REOPENED."
)
strawberry.enum(Priority, description="How urgent a ticket is.")
strawberry.enum(Channel, description="Where a ticket came from.")


@strawberry.enum(description="What happened to a ticket.")
class TicketEventKind(Enum):
    """Kinds of ticket events."""

    CREATED = "created"
    ASSIGNED = "assigned"
    STATUS_CHANGED = "status_changed"
    COMMENTED = "commented"
    SLA_WARNING = "sla_warning"
    SLA_BREACHED = "sla_breached"
    ESCALATED = "escalated"
    RATED = "rated"


assert {k.value for k in TicketEventKind} == set(EVENT_KINDS)


def _dt(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


@strawberry.type(description="A ticket's SLA clock: when each target warns and falls due, and whether it was met.")
class TicketSla:
    """SLA state."""

    first_response_due_at: datetime | None = strawberry.field(description="When the first response is due.")
    first_response_warn_at: datetime | None = strawberry.field(description="80% of the first-response target.")
    resolution_due_at: datetime | None = strawberry.field(description="When resolution is due.")
    resolution_warn_at: datetime | None = strawberry.field(description="80% of the resolution target.")
    first_response_breached: bool = strawberry.field(description="The first response came (or is) late.")
    resolution_breached: bool = strawberry.field(description="Resolution came (or is) late.")
    paused: bool = strawberry.field(description="Waiting on the customer: the clock stands still.")


@strawberry.type(description="A reply on a ticket (public) or an internal note.")
class TicketComment(Node):
    """A comment."""

    body: str = strawberry.field(description="The text.")
    public: bool = strawberry.field(description="False for internal notes, which customers never see.")
    from_customer: bool = strawberry.field(description="Written by the customer in the portal.")
    created_at: datetime = strawberry.field(description="When it was written.")
    _author_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.TicketComment) -> TicketComment:
        """The GraphQL view of a comment."""
        return cls(
            id=to_global_id("TicketComment", row.id),
            body=row.body,
            public=row.public,
            from_customer=row.from_customer,
            created_at=row.created_at,
            _author_id=row.author_id,
        )

    @strawberry.field(description="Who wrote it.")
    async def author(self, info: Info) -> User | None:
        """The author."""
        if self._author_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.user_by_id).load(self._author_id)
        return None if row is None else User.from_row(row)


@strawberry.type(description="One step of a ticket's history.")
class TicketHistoryEntry:
    """An event in the history."""

    cursor: str = strawberry.field(description="The event's position; subscriptions resume after it.")
    kind: TicketEventKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When.")
    data: JSON = strawberry.field(description="Details, e.g. {from, to} for a status change.")
    _actor_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.TicketEvent) -> TicketHistoryEntry:
        """The GraphQL view of an event row."""
        return cls(
            cursor=str(row.id),
            kind=TicketEventKind(row.kind),
            at=row.at,
            data=JSON(row.data or {}),
            _actor_id=row.actor_id,
        )

    @strawberry.field(description="Who did it (null: the system, e.g. an SLA job).")
    async def actor(self, info: Info) -> User | None:
        """The actor."""
        if self._actor_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.user_by_id).load(self._actor_id)
        return None if row is None else User.from_row(row)


@strawberry.type(description="A knowledge-base article (Markdown).")
class KbArticle(Node):
    """An article."""

    version: int = strawberry.field(description="Pass back when changing the article.")
    title: str = strawberry.field(description="Title.")
    body: str = strawberry.field(description="Body in Markdown.")
    category: str | None = strawberry.field(description="Category.")
    tags: list[str] = strawberry.field(description="Tags.")
    status: str = strawberry.field(description="draft or published.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_row(cls, row: models.KbArticle) -> KbArticle:
        """The GraphQL view of an article."""
        return cls(
            id=to_global_id("KbArticle", row.id),
            version=row.version,
            title=row.title,
            body=row.body,
            category=row.category,
            tags=list(row.tags or []),
            status=row.status,
            published_at=row.published_at,
            updated_at=row.updated_at,
        )


@strawberry.type(description="A customer's request to the service desk.")
class Ticket(Node):
    """A ticket."""

    version: int = strawberry.field(description="Pass back when changing the ticket (optimistic locking).")
    number: str = strawberry.field(description="Human-readable number, e.g. T-2026-000123.")
    subject: str = strawberry.field(description="What it is about.")
    description: str | None = strawberry.field(description="The request in detail.")
    channel: Channel = strawberry.field(description="Where it came from.")
    category: str = strawberry.field(description="Category (drives routing and SLA).")
    priority: Priority = strawberry.field(description="Low, normal, high or urgent.")
    status: TicketStatus = strawberry.field(description="Where it stands in the workflow.")
    escalation_level: int = strawberry.field(description="0, or how many times it was escalated.")
    rating: int | None = strawberry.field(description="The customer's rating, 1-5 stars.")
    rating_comment: str | None = strawberry.field(description="The customer's comment with the rating.")
    rated_at: datetime | None = strawberry.field(description="When it was rated.")
    reopen_count: int = strawberry.field(description="How many times it was reopened.")
    created_at: datetime = strawberry.field(description="When it was opened.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    first_responded_at: datetime | None = strawberry.field(description="The first public reply.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    _row: strawberry.Private[models.Ticket]

    @classmethod
    def from_row(cls, row: models.Ticket) -> Ticket:
        """The GraphQL view of a ticket row."""
        return cls(
            id=to_global_id("Ticket", row.id),
            version=row.version,
            number=row.number,
            subject=row.subject,
            description=row.description,
            channel=Channel(row.channel),
            category=row.category,
            priority=Priority(row.priority),
            status=TicketStatus(row.status),
            escalation_level=row.escalation_level,
            rating=row.rating,
            rating_comment=row.rating_comment,
            rated_at=row.rated_at,
            reopen_count=row.reopen_count,
            created_at=row.created_at,
            updated_at=row.updated_at,
            first_responded_at=row.first_responded_at,
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            _row=row,
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Ticket:
        """A ticket from its JSON row (as the timeline returns it)."""
        row = models.Ticket()
        for column in models.Ticket.__table__.columns:
            value = data.get(column.key)
            if value is not None and column.key.endswith(("_at", "_since")):
                value = _dt(value)
            elif value is not None and (column.key == "id" or column.key.endswith("_id")):
                value = uuid.UUID(str(value))
            setattr(row, column.key, value)
        return cls.from_row(row)

    @strawberry.field(description="The SLA clock.")
    def sla(self) -> TicketSla:
        """SLA state."""
        r, now = self._row, clock.now()
        first_late = r.first_response_due_at is not None and (r.first_responded_at or now) > r.first_response_due_at
        done = r.resolved_at or (now if r.status not in ("resolved", "closed") else r.resolved_at)
        late = r.resolution_due_at is not None and done is not None and done > r.resolution_due_at
        return TicketSla(
            first_response_due_at=r.first_response_due_at,
            first_response_warn_at=r.first_response_warn_at,
            resolution_due_at=r.resolution_due_at,
            resolution_warn_at=r.resolution_warn_at,
            first_response_breached=bool(r.first_response_breached_at) or (first_late and r.waiting_since is None),
            resolution_breached=bool(r.resolution_breached_at) or (late and r.waiting_since is None),
            paused=r.waiting_since is not None,
        )

    @strawberry.field(description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        """The ticket's customer, if the caller may see it."""
        if self._row.customer_id is None:
            return None
        row = await info.context.loaders.scoped(customer_loaders.customer_by_id).load(self._row.customer_id)
        return None if row is None else Customer.from_row(row)

    @strawberry.field(description="The contact who asked.")
    async def contact(self, info: Info) -> Contact | None:
        """The contact."""
        if self._row.contact_id is None:
            return None
        row = await info.context.loaders.scoped(customer_loaders.contact_by_id).load(self._row.contact_id)
        return None if row is None else Contact.from_row(row)

    @strawberry.field(description="The queue (a service team).")
    async def queue(self, info: Info) -> Team | None:
        """The queue."""
        if self._row.queue_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.team_by_id).load(self._row.queue_id)
        return None if row is None else Team.from_row(row)

    @strawberry.field(description="The agent working on it.")
    async def assignee(self, info: Info) -> User | None:
        """The assignee."""
        if self._row.assignee_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.user_by_id).load(self._row.assignee_id)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="Public replies, oldest first.")
    async def comments(self, info: Info) -> list[TicketComment]:
        """Public replies."""
        rows = await info.context.loaders.get(loaders.replies_by_ticket_id).load(self._row.id)
        return [TicketComment.from_row(c) for c in rows]

    @strawberry.field(description="Internal notes (never shown to customers), oldest first.")
    async def internal_notes(self, info: Info) -> list[TicketComment]:
        """Internal notes."""
        rows = await info.context.loaders.get(loaders.notes_by_ticket_id).load(self._row.id)
        return [TicketComment.from_row(c) for c in rows]

    @strawberry.field(description="Everything that happened, in order.")
    async def history(self, info: Info) -> list[TicketHistoryEntry]:
        """The history."""
        rows = await info.context.loaders.get(loaders.history_by_ticket_id).load(self._row.id)
        return [TicketHistoryEntry.from_row(e) for e in rows]

    @strawberry.field(description="Published articles that may answer it.")
    async def suggested_articles(self, info: Info) -> list[KbArticle]:
        """Suggested articles."""
        rows = await info.context.loaders.get(loaders.suggested_articles_by_ticket).load(self._row)
        return [KbArticle.from_row(a) for a in rows]


@strawberry.type(description="A live ticket event, with the ticket as the subscriber may see it.")
class TicketEvent:
    """One event of the `ticketEvents` subscription."""

    cursor: str = strawberry.field(description="Pass as `after` to resume from here.")
    kind: TicketEventKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When.")
    data: JSON = strawberry.field(description="Details of the event.")
    ticket: Ticket = strawberry.field(description="The ticket after the event.")
    #: Results of executing subscriptions on this event, shared by equivalent subscribers (graphql.sharing).
    _shared_results: strawberry.Private[dict[Any, Any] | None] = None


async def _ticket_node(context: Any, raw_id: uuid.UUID) -> Ticket | None:
    row = await context.loaders.scoped(loaders.ticket_by_id).load(raw_id)
    return None if row is None else Ticket.from_row(row)


register_node("Ticket", _ticket_node)
