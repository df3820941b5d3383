"""What upserts by external id read: customers and orders by another system's ids, products by SKU."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.customers.models import Customer, Order, OrderLine, Product
from rapport.customers.repository.scopes import visible_customers

#: How far `merged_into_id` is followed (a merge of a merge of a merge...).
_MERGE_HOPS = 8


@dataclass(frozen=True)
class Holder:
    """The customer an external id names: the row holding it and the survivor of its merges."""

    id: uuid.UUID
    survivor_id: uuid.UUID


async def customer_ids_by_external_id(session: AsyncSession, external_ids: Collection[str]) -> dict[str, Holder]:
    """Customers holding these external ids, each with the customer it was merged into (itself when it was not);
    whoever may see them or not: callers resolve the survivor through their row scope."""
    if not external_ids:
        return {}
    rows = (
        await session.execute(
            select(Customer.external_id, Customer.id, Customer.merged_into_id).where(
                Customer.external_id.in_(list(external_ids))
            )
        )
    ).all()
    found = {row.external_id: (row.id, row.merged_into_id) for row in rows}
    pending = {into for _, into in found.values() if into is not None}
    merged: dict[uuid.UUID, uuid.UUID | None] = {}
    for _ in range(_MERGE_HOPS):
        pending -= merged.keys()
        if not pending:
            break
        hops = (
            await session.execute(select(Customer.id, Customer.merged_into_id).where(Customer.id.in_(pending)))
        ).all()
        merged.update({hop.id: hop.merged_into_id for hop in hops})
        pending = {hop.merged_into_id for hop in hops if hop.merged_into_id is not None}
    holders: dict[str, Holder] = {}
    for external_id, (row_id, into) in found.items():
        survivor = row_id
        while into is not None:
            survivor, into = into, merged.get(into)
        holders[external_id] = Holder(row_id, survivor)
    return holders


async def visible_customer_ids(
    session: AsyncSession, principal: Principal | None, ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these customers the caller may see (and that were not merged away)."""
    if not ids:
        return set()
    stmt = select(Customer.id).where(
        Customer.id.in_(list(ids)), Customer.merged_into_id.is_(None), visible_customers(principal)
    )
    return set((await session.scalars(stmt)).all())


async def orders_by_external_id(session: AsyncSession, external_ids: Collection[str]) -> dict[str, Order]:
    """Orders holding these external ids, locked for the transaction (read fresh)."""
    if not external_ids:
        return {}
    stmt = (
        select(Order)
        .where(Order.external_id.in_(list(external_ids)))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {order.external_id: order for order in (await session.scalars(stmt)).all() if order.external_id}


async def order_ids_by_number(session: AsyncSession, numbers: Collection[str]) -> dict[str, uuid.UUID]:
    """Orders holding these numbers."""
    if not numbers:
        return {}
    rows = (await session.execute(select(Order.number, Order.id).where(Order.number.in_(list(numbers))))).all()
    return {row.number: row.id for row in rows}


async def products_by_sku(session: AsyncSession, skus: Collection[str]) -> dict[str, Product]:
    """Products by SKU (inactive ones too: an old order may name them)."""
    if not skus:
        return {}
    return {p.sku: p for p in (await session.scalars(select(Product).where(Product.sku.in_(list(skus))))).all()}


async def lines_of(session: AsyncSession, order_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[OrderLine]]:
    """The lines of these orders by id: as written, but for lines written in the same millisecond."""
    lines: dict[uuid.UUID, list[OrderLine]] = {i: [] for i in order_ids}
    if order_ids:
        stmt = select(OrderLine).where(OrderLine.order_id.in_(list(order_ids))).order_by(OrderLine.id)
        for line in (await session.scalars(stmt)).all():
            lines[line.order_id].append(line)
    return lines
