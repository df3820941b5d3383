"""A small planted customer graph for segment tests: customers with orders, lines, tags, scores, tickets and leads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.models import CustomerScore, OrderLine, Product
from rapport.sales.models import Lead
from rapport.support.models import Ticket
from tests import factories


@dataclass
class World:
    """The planted customers by name, and the time the data was planted at."""

    now: datetime
    ids: dict[str, uuid.UUID]

    def names(self, ids: set[uuid.UUID]) -> set[str]:
        """The names of these customer ids (those planted)."""
        return {name for name, i in self.ids.items() if i in ids}


async def plant(db: Database) -> World:
    """Customers of the demo rep (east) and rep2 (north), each shaped for one kind of condition.

    - new_buyer: one order 10 days ago (a first purchase), tag VIP, province 浙江, person
    - repeat: four orders of 4,000 in the last year (tea), RFM loyal, tag VIP
    - dormant: two orders 300 and 400 days ago; two tickets, ratings 2 and 3, 20 days ago
    - prospect: nothing; a lead from expo; company, grade A
    - happy (rep2's): one order 100 days ago (coffee), a ticket rated 5, RFM high_value
    """
    now = clock.now()
    rep = await factories.principal(db, "rep@demo.example")
    rep2 = await factories.principal(db, "rep2@demo.example")
    ids: dict[str, uuid.UUID] = {}
    shapes: list[tuple[str, Principal, dict[str, Any]]] = [
        ("new_buyer", rep, {"kind": "person", "province": "浙江", "grade": "B"}),
        ("repeat", rep, {"kind": "company", "province": "上海", "grade": "A", "industry": "retail"}),
        ("dormant", rep, {"kind": "company", "province": "上海", "grade": "C"}),
        ("prospect", rep, {"kind": "company", "province": "北京", "grade": "A", "source": "expo"}),
        ("happy", rep2, {"kind": "person", "province": "北京", "grade": "B"}),
    ]
    tags = {"new_buyer": ["VIP"], "repeat": ["VIP"]}
    for name, owner, values in shapes:
        created = await factories.customer(db, owner, name, tags=tags.get(name), **values)
        ids[name] = created.id
    day = timedelta(days=1)
    await factories.orders(db, ids["new_buyer"], ["199.00"], start=now - 10 * day, step=day)
    repeat = await factories.orders(db, ids["repeat"], ["4000.00"] * 4, start=now - 300 * day, step=60 * day)
    await factories.orders(db, ids["dormant"], ["300.00", "400.00"], start=now - 400 * day, step=100 * day)
    happy = await factories.orders(db, ids["happy"], ["88.00"], start=now - 100 * day, step=day)
    await factories.orders(db, ids["prospect"], ["999.00"], start=now - 5 * day, step=day, status="cancelled")
    async with db.write() as session:
        tea = Product(id=uuid7(), version=1, sku="TEA-1", name="Longjing", category="tea", unit_price=Decimal(100))
        coffee = Product(id=uuid7(), version=1, sku="COF-1", name="Beans", category="coffee", unit_price=Decimal(88))
        session.add_all([tea, coffee])
        await session.flush()
        for order, product in [(repeat[-1], tea), (happy[0], coffee)]:
            line = OrderLine(id=uuid7(), order_id=order.id, product_id=product.id, quantity=1, unit_price=Decimal(1))
            line.amount = Decimal(1)
            session.add(line)
        for name, segment in (("repeat", "loyal"), ("happy", "high_value")):
            session.add(CustomerScore(customer_id=ids[name], segment=segment, frequency=1, computed_at=now))
        for name, rating, ago in (("dormant", 2, 20), ("dormant", 3, 20), ("happy", 5, 50)):
            at = now - ago * day
            session.add(
                Ticket(
                    id=uuid7(),
                    number=f"T-{uuid.uuid4().hex[:8]}",
                    subject="Help",
                    customer_id=ids[name],
                    channel="email",
                    category="general",
                    status="closed",
                    rating=rating,
                    rated_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )
        session.add(Lead(id=uuid7(), name="Pat", source="expo", customer_id=ids["prospect"], owner_id=rep.user_id))
    return World(now, ids)
