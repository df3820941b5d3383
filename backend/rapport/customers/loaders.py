"""Batch loads of the customer graph that are not a declared relation: by id, and the merged timeline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.customers.models import Contact, Customer
from rapport.customers.repository import CustomerRepository
from rapport.customers.repository.timeline import TimelineRow, timeline_counts, timeline_page
from rapport.customers.timeline import timeline_sources


async def customer_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Customer | None]:
    """Visible customers by id, tombstones included (None when missing or out of scope)."""
    found = {row.id: row for row in await CustomerRepository(session).by_ids(principal, ids)}
    return [found.get(i) for i in ids]


async def contact_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Contact | None]:
    """Visible contacts by id (None when missing or their customer is out of scope)."""
    found = {c.id: c for c in await CustomerRepository(session).contacts_by_ids(ids, principal)}
    return [found.get(i) for i in ids]


async def timeline_count_by_customer_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[int]:
    """How many timeline entries of each customer the caller may see."""
    found = await timeline_counts(session, principal, timeline_sources(), ids)
    return [found.get(i, 0) for i in ids]


async def timeline_page_by_customer_id(
    session: AsyncSession,
    principal: Principal | None,
    ids: Sequence[Any],
    after: tuple[Any, ...] | None,
    limit: int,
) -> Sequence[TimelineRow]:
    """A page of each customer's timeline, newest first."""
    position = None if after is None else (after[0], after[1])
    return await timeline_page(session, principal, timeline_sources(), ids, position, limit)
