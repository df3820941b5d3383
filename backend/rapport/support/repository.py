"""Ticket SQL every feature of the service desk shares: filters, pages, relations, the event log and locks.

Each statement builder here is the one both read paths use: the resolvers batch it per request, the compiler
inlines it (`rapport.graphql.declare`). Features keep their own SQL in their subpackage's `repository.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, cast, func, literal, literal_column, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.graphql.declare import Arguments, Rows
from rapport.support.models import (
    OPEN_STATUSES,
    PortalAccount,
    RoutingRule,
    SupportSetting,
    Ticket,
    TicketComment,
    TicketEvent,
)
from rapport.support.scopes import visible_tickets

#: Tickets as lists show them (the console, a customer's tickets): newest first.
TICKETS_NEWEST_FIRST = (Ticket.created_at.desc(), Ticket.id.desc())
#: A customer's tickets show at most this many.
CUSTOMER_TICKETS = 50
#: Days after which a resolved ticket nobody rated closes itself, unless the `auto_close` setting says otherwise.
AUTO_CLOSE_DAYS = 7


@dataclass(frozen=True)
class TicketFilterSpec:
    """What a ticket list is filtered by."""

    statuses: Sequence[str] | None = None
    queue_ids: Sequence[uuid.UUID] | None = None
    assignee_ids: Sequence[uuid.UUID] | None = None
    unassigned: bool = False
    customer_ids: Sequence[uuid.UUID] | None = None
    priorities: Sequence[str] | None = None
    categories: Sequence[str] | None = None
    channels: Sequence[str] | None = None
    open_only: bool = False
    escalated_only: bool = False
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = None


def auto_close_days_rows() -> Rows:
    """`Query.autoCloseDays` (both read paths and the close job): the setting's days, else the default."""
    days = select(cast(SupportSetting.value.op("->>")("days"), Integer)).where(SupportSetting.name == "auto_close")
    return Rows(select(func.coalesce(days.scalar_subquery(), AUTO_CLOSE_DAYS)))


def is_open() -> Any:
    """The ticket is in one of the open statuses."""
    return Ticket.status.in_([s.value for s in OPEN_STATUSES])


def filtered_tickets(principal: Principal | None, spec: TicketFilterSpec) -> Select[Any]:
    """Visible tickets matching a filter, as a SELECT of the Ticket entity (no order)."""
    stmt = select(Ticket).where(visible_tickets(principal))
    for column, values in (
        (Ticket.status, spec.statuses),
        (Ticket.queue_id, spec.queue_ids),
        (Ticket.assignee_id, spec.assignee_ids),
        (Ticket.customer_id, spec.customer_ids),
        (Ticket.priority, spec.priorities),
        (Ticket.category, spec.categories),
        (Ticket.channel, spec.channels),
    ):
        if values:
            stmt = stmt.where(column.in_(list(values)))
    if spec.unassigned:
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    if spec.open_only:
        stmt = stmt.where(is_open())
    if spec.escalated_only:
        stmt = stmt.where(Ticket.escalation_level > 0)
    if spec.created_from is not None:
        stmt = stmt.where(Ticket.created_at >= spec.created_from)
    if spec.created_to is not None:
        stmt = stmt.where(Ticket.created_at < spec.created_to)
    if spec.search:
        text_ = spec.search.strip()
        pattern = "%" + text_.replace("\\", "").replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(or_(Ticket.number == text_.upper(), Ticket.subject.ilike(pattern)))
    return stmt


def visible_ticket(principal: Principal | None, ticket_id: Any) -> Rows:
    """The ticket with this id (a value or a bound parameter) if the caller may see it."""
    return Rows(select(Ticket).where(Ticket.id == ticket_id, visible_tickets(principal)))


def ticket_rows(principal: Principal | None, spec: TicketFilterSpec, limit: int | None = None) -> Rows:
    """Visible tickets matching a filter, newest first (the console's list)."""
    return Rows(filtered_tickets(principal, spec), TICKETS_NEWEST_FIRST, limit)


# --- relations (one statement builder each, for both read paths) ----------------------------------------


def tickets_of_customer(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Customer.tickets`: the customer's tickets the caller may see, newest first, at most 50."""
    spec = TicketFilterSpec(open_only=bool(arguments.get("open_only")))
    statement = filtered_tickets(principal, spec).where(Ticket.customer_id == customer.id)
    return Rows(statement, TICKETS_NEWEST_FIRST, CUSTOMER_TICKETS)


def _comments(ticket: Any, public: bool) -> Rows:
    statement = select(TicketComment).where(TicketComment.ticket_id == ticket.id, TicketComment.public.is_(public))
    return Rows(statement, (TicketComment.created_at, TicketComment.id))


def replies_of(ticket: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Ticket.comments`: the public replies, oldest first (the ticket's own field access governs them)."""
    return _comments(ticket, True)


def notes_of(ticket: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Ticket.internalNotes`: the internal notes, oldest first."""
    return _comments(ticket, False)


def history_of(ticket: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Ticket.history`: every event of the ticket, in the order it was recorded."""
    return Rows(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id), (TicketEvent.id,))


def timeline_tickets(customer_ids: Sequence[uuid.UUID]) -> Select[Any]:
    """The ticket entries of customers' timelines: (kind, id, at, customer_id, data) with the row as JSON."""
    return select(
        literal("ticket").label("kind"),
        Ticket.id.label("id"),
        Ticket.created_at.label("at"),
        Ticket.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(Ticket.__tablename__)).label("data"),
    ).where(Ticket.customer_id.in_(list(customer_ids)))


def last_ticket_at(customer_id: Any) -> Any:
    """The latest time a ticket of the customer (its id column) was opened (a pool rule's event).
    The pool's deadlines read the stored copy (`customer_last_event`), which migration 0022's triggers keep with the
    same definition in SQL (`customer_last_event_latest`): change both (tests/customers/test_last_events.py holds
    them equal)."""
    return select(func.max(Ticket.created_at)).where(Ticket.customer_id == customer_id).scalar_subquery()


class SupportRepository:
    """Reads and locks of tickets, the commit-ordered event log, portal accounts and settings."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count_all(self) -> int:
        """How many tickets there are."""
        return int((await self.session.execute(select(func.count()).select_from(Ticket))).scalar_one())

    async def has_routing_rules(self) -> bool:
        """Whether any routing rule exists (the demo data was seeded)."""
        return (await self.session.execute(select(RoutingRule.id).limit(1))).first() is not None

    async def next_number(self, year: int) -> str:
        """A new human-readable number, e.g. T-2026-000123."""
        value = (await self.session.execute(text("SELECT nextval('ticket_number_seq')"))).scalar_one()
        return f"T-{year}-{int(value):06d}"

    async def by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Ticket]:
        """Visible tickets with these ids."""
        stmt = select(Ticket).where(Ticket.id.in_(list(ids)), visible_tickets(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def ids_of_customer(self, customer_id: uuid.UUID) -> list[uuid.UUID]:
        """The ids of all of a customer's tickets, unscoped (a data subject's erasure reaches every row)."""
        stmt = select(Ticket.id).where(Ticket.customer_id == customer_id)
        return list((await self.session.scalars(stmt)).all())

    async def for_update(self, ticket_id: uuid.UUID) -> Ticket | None:
        """A ticket locked for this transaction, fresh from the database."""
        stmt = select(Ticket).where(Ticket.id == ticket_id).with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def open_loads(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """How many open tickets each of these users holds (absent: none)."""
        stmt = (
            select(Ticket.assignee_id, func.count())
            .where(Ticket.assignee_id.in_(list(user_ids)), is_open())
            .group_by(Ticket.assignee_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt) if row[0] is not None}

    async def move_to_customer(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> int:
        """Re-parent a merged customer's tickets (and its portal users, whose contacts moved) to the survivor;
        how many tickets moved."""
        await self.session.execute(
            update(PortalAccount).where(PortalAccount.customer_id == merged_id).values(customer_id=survivor_id)
        )
        result = await self.session.execute(
            update(Ticket).where(Ticket.customer_id == merged_id).values(customer_id=survivor_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def repoint_contact(self, kept_id: uuid.UUID, duplicate_id: uuid.UUID) -> int:
        """Tickets asked by a duplicate contact are asked by the contact kept in its place; how many."""
        result = await self.session.execute(
            update(Ticket).where(Ticket.contact_id == duplicate_id).values(contact_id=kept_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def contacts_with_portal_accounts(self, contact_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these contacts a portal user signs in as."""
        stmt = select(PortalAccount.contact_id).where(PortalAccount.contact_id.in_(list(contact_ids)))
        return set((await self.session.scalars(stmt)).all())

    async def logged_events(self, after: int, limit: int) -> list[TicketEvent]:
        """Events after a place in the commit-ordered log, in log order (unstamped events are not in it yet)."""
        stmt = select(TicketEvent).where(TicketEvent.seq > after).order_by(TicketEvent.seq).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def tickets_by_id(self, ticket_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Ticket]:
        """Tickets by id, unscoped (live events: who may see each is the row scope's question, asked apart)."""
        stmt = select(Ticket).where(Ticket.id.in_(list(ticket_ids)))
        return {ticket.id: ticket for ticket in (await self.session.execute(stmt)).scalars()}

    async def portal_account(self, user_id: uuid.UUID) -> PortalAccount | None:
        """The portal account of a user, if they are a portal user."""
        return await self.session.get(PortalAccount, user_id)

    async def contact_has_account(self, contact_id: uuid.UUID) -> bool:
        """Whether a contact has a portal account already."""
        stmt = select(PortalAccount.user_id).where(PortalAccount.contact_id == contact_id)
        return (await self.session.execute(stmt)).first() is not None

    async def setting(self, name: str) -> dict[str, Any] | None:
        """A service-desk setting."""
        row = await self.session.get(SupportSetting, name)
        return None if row is None else dict(row.value)

    async def auto_close_days(self) -> int:
        """Days after which a resolved ticket nobody rated closes itself."""
        return int((await self.session.execute(auto_close_days_rows().statement)).scalar_one())
