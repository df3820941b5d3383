"""Batch loads of the service desk."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.support.kb import suggestions
from rapport.support.models import KbArticle, Ticket, TicketComment, TicketEvent
from rapport.support.repository import SupportRepository


async def ticket_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Ticket | None]:
    """Visible tickets by id."""
    found = {t.id: t for t in await SupportRepository(session).by_ids(principal, ids)}
    return [found.get(i) for i in ids]


async def _comments(session: AsyncSession, ids: Sequence[uuid.UUID], public: bool) -> list[list[TicketComment]]:
    grouped: dict[uuid.UUID, list[TicketComment]] = {i: [] for i in ids}
    for note in await SupportRepository(session).comments_by_ticket_ids(ids, public=public):
        grouped[note.ticket_id].append(note)
    return [grouped[i] for i in ids]


async def replies_by_ticket_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[TicketComment]]:
    """Public replies of each ticket."""
    return await _comments(session, ids, True)


async def notes_by_ticket_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[TicketComment]]:
    """Internal notes of each ticket."""
    return await _comments(session, ids, False)


async def history_by_ticket_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[TicketEvent]]:
    """The events of each ticket, in order."""
    grouped: dict[uuid.UUID, list[TicketEvent]] = {i: [] for i in ids}
    for event in await SupportRepository(session).events_by_ticket_ids(ids):
        grouped[event.ticket_id].append(event)
    return [grouped[i] for i in ids]


async def tickets_by_customer_id(
    session: AsyncSession, principal: Principal | None, keys: Sequence[tuple[uuid.UUID, bool]]
) -> list[list[Ticket]]:
    """Visible tickets of each customer (key: customer id and whether only open ones), newest first."""
    result: dict[tuple[uuid.UUID, bool], list[Ticket]] = {k: [] for k in keys}
    repo = SupportRepository(session)
    for open_only in {k[1] for k in keys}:
        ids = [k[0] for k in keys if k[1] == open_only]
        for ticket in await repo.page_by_customer(ids, principal, open_only, limit=50):
            assert ticket.customer_id is not None
            result[(ticket.customer_id, open_only)].append(ticket)
    return [result[k] for k in keys]


async def suggested_articles_by_ticket(session: AsyncSession, tickets: Sequence[Any]) -> list[list[KbArticle]]:
    """Up to five suggested articles per ticket."""
    found = await suggestions(session, tickets, 5)
    return [found.get(t.id, []) for t in tickets]
