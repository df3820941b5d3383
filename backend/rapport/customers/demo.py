"""Demo customers at any scale: deterministic for a random seed, written with COPY in chunks."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.db import Database
from rapport.customers import demo_data as vocab
from rapport.customers.demo_rows import (
    ACTIVITY_COLUMNS,
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    LINE_COLUMNS,
    ORDER_COLUMNS,
    POINT_COLUMNS,
    TAG_COLUMNS,
    TASK_COLUMNS,
    DemoCustomers,
    Owner,
    Rows,
)
from rapport.customers.models import Customer, Product
from rapport.customers.repository.scoring import refresh_scores

__all__ = ["Owner", "Progress", "customer_count", "seed_customers"]

CHUNK = 2000
#: Progress callback: (customers written, customers asked for).
Progress = Callable[[int, int], None]


async def _copy(session: AsyncSession, table: str, columns: Sequence[str], records: list[tuple[Any, ...]]) -> None:
    if not records:
        return
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(table, records=records, columns=list(columns))


async def _products(session: AsyncSession, zh: bool, now: datetime) -> list[tuple[uuid.UUID, Decimal]]:
    existing = (await session.execute(select(Product.id, Product.unit_price))).all()
    if existing:
        return [(r[0], r[1]) for r in existing]
    rows = []
    for sku, name_zh, name_en, category, price in vocab.PRODUCTS:
        pid = uuid.uuid5(uuid.NAMESPACE_URL, f"rapport-demo-product:{sku}")
        rows.append((pid, 1, now, now, sku, name_zh if zh else name_en, category, Decimal(price), True))
    await _copy(
        session,
        "product",
        ("id", "version", "created_at", "updated_at", "sku", "name", "category", "unit_price", "active"),
        rows,
    )
    return [(r[0], r[7]) for r in rows]


async def _tags(session: AsyncSession, zh: bool, now: datetime) -> list[uuid.UUID]:
    from rapport.customers.repository import CustomerRepository

    names = (
        ["VIP", "重点客户", "老客户", "潜在流失", "合作伙伴"]
        if zh
        else ["VIP", "Key account", "Long-standing", "Churn risk", "Partner"]
    )
    return [t.id for t in await CustomerRepository(session).ensure_tags(names, now)]


async def seed_customers(
    db: Database,
    *,
    count: int,
    locale: str,
    random_seed: int,
    owners: Sequence[Owner],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write `count` demo customers with their children; returns how many rows of each kind were written."""
    now = clock.now()
    generator = DemoCustomers(locale=locale, random_seed=random_seed, owners=owners, now=now)
    totals = dict.fromkeys(("customers", "contacts", "orders", "activities", "tasks"), 0)
    async with db.write() as session:
        products = await _products(session, generator.zh, now)
        tag_ids = await _tags(session, generator.zh, now)
        existing_orders = (await session.execute(select(func.count()).select_from(text("sales_order")))).scalar_one()
        generator.order_number = int(existing_orders)
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        rows = Rows()
        for _ in range(size):
            generator.customer(rows, tag_ids, products)
        async with db.write() as session:
            await _copy(session, "customer", CUSTOMER_COLUMNS, rows.customers)
            await _copy(session, "contact", CONTACT_COLUMNS, rows.contacts)
            await _copy(session, "contact_point", POINT_COLUMNS, rows.points)
            await _copy(session, "customer_tag", TAG_COLUMNS, rows.tags)
            await _copy(session, "sales_order", ORDER_COLUMNS, rows.orders)
            await _copy(session, "order_line", LINE_COLUMNS, rows.lines)
            await _copy(session, "activity", ACTIVITY_COLUMNS, rows.activities)
            await _copy(session, "task", TASK_COLUMNS, rows.tasks)
        done += size
        for key, items in (
            ("customers", rows.customers),
            ("contacts", rows.contacts),
            ("orders", rows.orders),
            ("activities", rows.activities),
            ("tasks", rows.tasks),
        ):
            totals[key] += len(items)
        if progress is not None:
            progress(done, count)
    # Fresh statistics, and the visibility map and hint bits a bulk load leaves unset (which autovacuum would set
    # only later): the first reads after seeding run as they would on a settled database.
    async with db.engine.connect() as conn:
        await (await conn.execution_options(isolation_level="AUTOCOMMIT")).execute(text("VACUUM (ANALYZE)"))
    async with db.write() as session:
        await refresh_scores(session, now)
    return totals


async def customer_count(db: Database) -> int:
    """How many customers exist."""
    async with db.read() as session:
        return int((await session.execute(select(func.count()).select_from(Customer))).scalar_one())
