"""Batch loads of the customer graph, named after what they load and by which key."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.customers.models import Contact, Order, Tag
from rapport.customers.repository import EMPTY_SUMMARY, CustomerRepository, CustomerRow, OrderSummary
from rapport.customers.timeline import TimelineRow, timeline_counts, timeline_page


async def customer_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[CustomerRow | None]:
    """Visible customers with their scores, by id (None when missing or out of scope)."""
    found = {row[0].id: row for row in await CustomerRepository(session).rows_by_ids(principal, ids)}
    return [found.get(i) for i in ids]


async def contacts_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[Contact]]:
    """Contacts of each customer, primary first."""
    grouped: dict[uuid.UUID, list[Contact]] = {i: [] for i in ids}
    for contact in await CustomerRepository(session).contacts_by_customer_ids(ids):
        grouped[contact.customer_id].append(contact)
    return [grouped[i] for i in ids]


async def contact_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Contact | None]:
    """Visible contacts by id (None when missing or their customer is out of scope)."""
    found = {c.id: c for c in await CustomerRepository(session).contacts_by_ids(ids, principal)}
    return [found.get(i) for i in ids]


async def tags_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[Tag]]:
    """Tags of each customer, by name."""
    grouped: dict[uuid.UUID, list[Tag]] = {i: [] for i in ids}
    for customer_id, tag in await CustomerRepository(session).tags_by_customer_ids(ids):
        grouped[customer_id].append(tag)
    return [grouped[i] for i in ids]


async def order_summary_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[OrderSummary]:
    """Revenue totals of each customer."""
    found = await CustomerRepository(session).order_summaries(ids)
    return [found.get(i, EMPTY_SUMMARY) for i in ids]


async def order_count_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[int]:
    """How many orders each customer has."""
    found = await CustomerRepository(session).order_counts(ids)
    return [found.get(i, 0) for i in ids]


async def timeline_count_by_customer_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[int]:
    """How many timeline entries of each customer the caller may see."""
    found = await timeline_counts(session, principal, ids)
    return [found.get(i, 0) for i in ids]


async def orders_page_by_customer_id(
    session: AsyncSession,
    principal: Principal | None,
    ids: Sequence[Any],
    after: tuple[Any, ...] | None,
    limit: int,
) -> Sequence[Order]:
    """A page of each customer's orders, newest first."""
    position = None if after is None else (after[0], after[1])
    return await CustomerRepository(session).orders_page(ids, position, limit)


async def timeline_page_by_customer_id(
    session: AsyncSession,
    principal: Principal | None,
    ids: Sequence[Any],
    after: tuple[Any, ...] | None,
    limit: int,
) -> Sequence[TimelineRow]:
    """A page of each customer's timeline, newest first."""
    position = None if after is None else (after[0], after[1])
    return await timeline_page(session, principal, ids, position, limit)
