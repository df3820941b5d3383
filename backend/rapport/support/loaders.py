"""Batch loads of tickets by id (what `ticket(id)`, `node(id)` and payloads fetch through the caller's scope)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.support.models import Ticket
from rapport.support.repository import SupportRepository


async def ticket_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Ticket | None]:
    """Visible tickets by id."""
    found = {t.id: t for t in await SupportRepository(session).by_ids(principal, ids)}
    return [found.get(i) for i in ids]
