"""GraphQL types of tickets: each field declared once, for the resolvers and the compiled read path alike."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import Text, and_, case, cast, false, func, or_
from strawberry.scalars import JSON

from rapport.core import clock
from rapport.customers.service import contact_of, customer_of
from rapport.customers.types import Contact, Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import NOW, FromRow, Relation, expression, relation
from rapport.graphql.node import Node
from rapport.identity.types import Team, User, team_of, user_of
from rapport.support import models
from rapport.support.events import EVENT_KINDS
from rapport.support.kb.repository import suggested_articles_of
from rapport.support.kb.types import KbArticle
from rapport.support.messages.types import CustomerMessage, customer_messages_of
from rapport.support.repository import history_of, notes_of, replies_of, tickets_of_customer

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


def _first_response_late(row: models.Ticket) -> bool:
    due = row.first_response_due_at
    late = due is not None and (row.first_responded_at or clock.now()) > due
    return bool(row.first_response_breached_at) or (late and row.waiting_since is None)


def _first_response_late_sql(ticket: Any) -> Any:
    late = and_(
        ticket.first_response_due_at.is_not(None),
        func.coalesce(ticket.first_responded_at, NOW) > ticket.first_response_due_at,
        ticket.waiting_since.is_(None),
    )
    return func.coalesce(or_(ticket.first_response_breached_at.is_not(None), late), false())


def _resolution_late(row: models.Ticket) -> bool:
    done = row.resolved_at or (clock.now() if row.status not in ("resolved", "closed") else None)
    late = row.resolution_due_at is not None and done is not None and done > row.resolution_due_at
    return bool(row.resolution_breached_at) or (late and row.waiting_since is None)


def _resolution_late_sql(ticket: Any) -> Any:
    done = func.coalesce(ticket.resolved_at, case((ticket.status.not_in(("resolved", "closed")), NOW), else_=None))
    late = and_(ticket.resolution_due_at.is_not(None), done > ticket.resolution_due_at, ticket.waiting_since.is_(None))
    return func.coalesce(or_(ticket.resolution_breached_at.is_not(None), late), false())


@strawberry.type(description="A ticket's SLA clock: when each target warns and falls due, and whether it was met.")
class TicketSla(FromRow):
    """SLA state, made of the ticket's own row."""

    first_response_due_at: datetime | None = strawberry.field(description="When the first response is due.")
    first_response_warn_at: datetime | None = strawberry.field(description="80% of the first-response target.")
    resolution_due_at: datetime | None = strawberry.field(description="When resolution is due.")
    resolution_warn_at: datetime | None = strawberry.field(description="80% of the resolution target.")
    # Both read the current time: the SQL binds it per request from the same clock (declare.NOW).
    first_response_breached: bool = expression(
        _first_response_late_sql, _first_response_late, description="The first response came (or is) late."
    )
    resolution_breached: bool = expression(
        _resolution_late_sql, _resolution_late, description="Resolution came (or is) late."
    )
    paused: bool = expression(
        lambda ticket: ticket.waiting_since.is_not(None),
        lambda row: row.waiting_since is not None,
        description="Waiting on the customer: the clock stands still.",
    )
    _row: strawberry.Private[models.Ticket]


@strawberry.type(description="A reply on a ticket (public) or an internal note.")
class TicketComment(Node, FromRow):
    """A comment."""

    body: str = strawberry.field(description="The text.")
    public: bool = strawberry.field(description="False for internal notes, which customers never see.")
    from_customer: bool = strawberry.field(description="Written by the customer in the portal.")
    created_at: datetime = strawberry.field(description="When it was written.")
    _row: strawberry.Private[models.TicketComment]

    @relation(Relation("User", "one", user_of("author_id")), description="Who wrote it.")
    async def author(self, info: Info) -> User | None:
        """The author."""


@strawberry.type(description="One step of a ticket's history.")
class TicketHistoryEntry(FromRow):
    """An event in the history."""

    cursor: str = expression(
        lambda event: cast(event.id, Text),
        lambda row: str(row.id),
        description="The event's position; subscriptions resume after it.",
    )
    kind: TicketEventKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When.")
    data: JSON = strawberry.field(description="Details, e.g. {from, to} for a status change.")
    _row: strawberry.Private[models.TicketEvent]

    @relation(
        Relation("User", "one", user_of("actor_id")), description="Who did it (null: the system, e.g. an SLA job)."
    )
    async def actor(self, info: Info) -> User | None:
        """The actor."""


@strawberry.type(description="A customer's request to the service desk.")
class Ticket(Node, FromRow):
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
    external_id: str | None = strawberry.field(
        description="The ticket's id in another system (call center, help desk); unique; `ticketUpsert` finds by it."
    )
    _row: strawberry.Private[models.Ticket]

    @relation(Relation("TicketSla", "embedded"), description="The SLA clock.")
    async def sla(self, info: Info) -> TicketSla:
        """SLA state."""

    @relation(Relation("Customer", "one", customer_of("customer_id")), description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        """The ticket's customer, if the caller may see it."""

    @relation(Relation("Contact", "one", contact_of("contact_id")), description="The contact who asked.")
    async def contact(self, info: Info) -> Contact | None:
        """The contact, if the caller may see it."""

    @relation(Relation("Team", "one", team_of("queue_id")), description="The queue (a service team).")
    async def queue(self, info: Info) -> Team | None:
        """The queue."""

    @relation(Relation("User", "one", user_of("assignee_id")), description="The agent working on it.")
    async def assignee(self, info: Info) -> User | None:
        """The assignee."""

    @relation(Relation("TicketComment", "list", replies_of), description="Public replies, oldest first.")
    async def comments(self, info: Info) -> list[TicketComment]:
        """Public replies."""

    @relation(
        Relation("TicketComment", "list", notes_of),
        description="Internal notes (never shown to customers), oldest first.",
    )
    async def internal_notes(self, info: Info) -> list[TicketComment]:
        """Internal notes."""

    @relation(Relation("TicketHistoryEntry", "list", history_of), description="Everything that happened, in order.")
    async def history(self, info: Info) -> list[TicketHistoryEntry]:
        """The history."""

    @relation(
        Relation("KbArticle", "list", suggested_articles_of),
        description="Published articles that may answer it (the most words in common first, at most five).",
    )
    async def suggested_articles(self, info: Info) -> list[KbArticle]:
        """Suggested articles."""

    @relation(
        Relation("CustomerMessage", "list", customer_messages_of),
        description="What the customer was sent about it by email, oldest first.",
    )
    async def customer_messages(self, info: Info) -> list[CustomerMessage]:
        """Messages to the customer."""


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


@relation(
    Relation("Ticket", "list", tickets_of_customer, compiled=frozenset({"open_only"})),
    description="Service tickets of this customer you may see, newest first (at most 50).",
)
async def customer_tickets(
    root: Customer,
    info: Info,
    open_only: Annotated[bool, strawberry.argument(description="Only open tickets.")] = False,
) -> list[Ticket]:
    """`Customer.tickets`, contributed by the service desk."""
