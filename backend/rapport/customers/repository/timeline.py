"""The customer timeline as SQL: every source's entries of some customers, merged newest first in one statement.

A source (`rapport.manifest.TimelineSource`) gives, for customer ids, a SELECT of (kind, id, at, customer_id,
data) where `data` is the row as JSON. The timeline is their UNION ALL, cut to the newest entries per customer
in one statement, so its cost does not grow with the number of sources' rows. A source whose entries are rows of
a scoped type (a ticket, an opportunity's stage change) names that type, and its SELECT reads from (or joins) the
type's model: the caller's scope of that type applies from its one definition, to entries and counts alike.
Entries that belong to the customer itself (orders, activities) are shown wherever the customer is.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, inspect, literal, literal_column, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import visible
from rapport.core.principal import Principal
from rapport.customers.models import Order
from rapport.graphql.declare import Rows
from rapport.manifest import TimelineSource


@dataclass(frozen=True)
class TimelineRow:
    """One timeline entry: its kind, id, time and the row's data."""

    kind: str
    id: uuid.UUID
    at: datetime
    customer_id: uuid.UUID
    data: dict[str, Any]


def order_entries(customer_ids: Sequence[uuid.UUID]) -> Select[Any]:
    """The orders of these customers as timeline entries (the customer graph's own source)."""
    return select(
        literal("order").label("kind"),
        Order.id.label("id"),
        Order.ordered_at.label("at"),
        Order.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(Order.__tablename__)).label("data"),
    ).where(Order.customer_id.in_(list(customer_ids)))


def _entries(
    sources: Sequence[TimelineSource],
    customer_ids: Sequence[uuid.UUID],
    principal: Principal | None,
    kinds: Sequence[str] | None = None,
) -> list[Select[Any]]:
    """Each source's SELECT for these customers, with the caller's scope of the source's row type applied."""
    selects = []
    for source in sources:
        if kinds and source.kind not in kinds:
            continue
        stmt = source.select(customer_ids)
        if source.row_type is not None:
            stmt = stmt.where(visible(source.row_type, principal))
        selects.append(stmt)
    return selects


async def timeline_counts(
    session: AsyncSession,
    principal: Principal | None,
    sources: Sequence[TimelineSource],
    customer_ids: Sequence[uuid.UUID],
) -> dict[uuid.UUID, int]:
    """How many timeline entries of each customer the caller may see."""
    merged = union_all(*_entries(sources, customer_ids, principal)).subquery("entries")
    stmt = select(merged.c.customer_id, func.count()).group_by(merged.c.customer_id)
    return {row[0]: int(row[1]) for row in await session.execute(stmt)}


async def timeline_page(
    session: AsyncSession,
    principal: Principal | None,
    sources: Sequence[TimelineSource],
    customer_ids: Sequence[uuid.UUID],
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
    kinds: Sequence[str] | None = None,
) -> list[TimelineRow]:
    """The newest `limit` entries of each customer's timeline the caller may see after a keyset position, in one
    statement."""
    selects = _entries(sources, customer_ids, principal, kinds)
    if not selects:
        return []
    merged = union_all(*selects).subquery("entries")
    stmt = select(merged)
    if after is not None:
        stmt = stmt.where(tuple_(merged.c.at, merged.c.id) < tuple_(literal(after[0]), literal(after[1])))
    ranked = stmt.add_columns(
        func.row_number()
        .over(partition_by=merged.c.customer_id, order_by=[merged.c.at.desc(), merged.c.id.desc()])
        .label("rank")
    ).subquery("ranked")
    final = (
        select(ranked.c.kind, ranked.c.id, ranked.c.at, ranked.c.customer_id, ranked.c.data)
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.customer_id, ranked.c.rank)
    )
    return [
        TimelineRow(kind=r.kind, id=r.id, at=r.at, customer_id=r.customer_id, data=r.data)
        for r in await session.execute(final)
    ]


def merged_rows(sources: Sequence[TimelineSource], customer: Any, principal: Principal | None) -> Rows:
    """One customer's timeline as the compiler reads it (`Customer.timeline`, a `Merged` declaration): every
    source's entries of the customer row `customer` (an entity of the enclosing statement, which each source's
    SELECT correlates to) that the caller may see, newest first - the keyset (at, id) the resolvers' cursors hold."""
    outer = inspect(customer).selectable
    selects = [stmt.correlate(outer) for stmt in _entries(sources, [customer.id], principal)]
    merged = union_all(*selects).subquery()
    return Rows(select(merged), [merged.c.at.desc(), merged.c.id.desc()])
