"""A planted order history whose association rules are computed by hand (tests/analytics/test_affinity_*.py).

Products A, B, C, D and eleven fillers F1..F11; groups of customers with revenue orders of:

    g1  30 x {A, B}            g4   5 x {C} (one of them also a CANCELLED order of B: it must not count)
    g2  10 x {A}               g5  15 x {A, D}   (A&D: 15 customers, below the minimum of 20: no rule)
    g3  20 x {B, C}            g6   1 x {B (oldest), A, F1..F11}: 13 products, over the cap of 12 -> B drops out
                               g7   1 x {A, C}

Customers with a basket: 82; with A: 57 (g1 g2 g5 g6 g7); with B: 50 (g1 g3); with C: 26 (g3 g4 g7); with D: 15.
Pairs: A&B 30, B&C 20, A&D 15, A&C 1. Customers of g1, g2 and g4 are rep's, the others rep2's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.customers.models import Customer, Order, OrderLine, Product
from tests import factories

GROUPS: list[tuple[str, int, list[str], str]] = [
    ("g1", 30, ["A", "B"], "rep"),
    ("g2", 10, ["A"], "rep"),
    ("g3", 20, ["B", "C"], "rep2"),
    ("g4", 5, ["C"], "rep"),
    ("g5", 15, ["A", "D"], "rep2"),
    ("g6", 1, ["B", "A", *[f"F{i}" for i in range(1, 12)]], "rep2"),
    ("g7", 1, ["A", "C"], "rep2"),
]
PRODUCTS = ["A", "B", "C", "D", *[f"F{i}" for i in range(1, 12)]]


@dataclass
class AffinityWorld:
    """The planted customers by group, the products by letter, and when."""

    now: datetime
    products: dict[str, uuid.UUID] = field(default_factory=dict)
    groups: dict[str, list[uuid.UUID]] = field(default_factory=dict)

    def group_of(self, customer_id: uuid.UUID) -> str:
        return next(name for name, ids in self.groups.items() if customer_id in ids)


def _order(customer_id: uuid.UUID, product_id: uuid.UUID, at: datetime, status: str) -> tuple[Order, OrderLine]:
    order = Order(
        id=uuid7(),
        version=1,
        created_at=at,
        updated_at=at,
        number=f"AF-{uuid.uuid4().hex[:12]}",
        customer_id=customer_id,
        channel="online",
        status=status,
        ordered_at=at,
        total_amount=Decimal("10.00"),
        currency="CNY",
    )
    line = OrderLine(
        id=uuid7(), order_id=order.id, product_id=product_id, quantity=1, unit_price=Decimal("10.00"),
        amount=Decimal("10.00"),
    )  # fmt: skip
    return order, line


async def plant_affinity(db: Database) -> AffinityWorld:
    """Plant the groups (customers, orders, lines) under the demo's rep and rep2."""
    now = clock.now()
    world = AffinityWorld(now)
    owners = {email: await factories.principal(db, f"{email}@demo.example") for email in ("rep", "rep2")}
    day = timedelta(days=1)
    async with db.write() as session:
        for letter in PRODUCTS:
            product = Product(
                id=uuid7(), version=1, created_at=now, updated_at=now, sku=f"AFF-{letter}", name=f"Product {letter}",
                category="affinity", unit_price=Decimal("10.00"), active=True,
            )  # fmt: skip
            session.add(product)
            world.products[letter] = product.id
        await session.flush()
        for name, count, letters, owner in GROUPS:
            world.groups[name] = []
            for i in range(count):
                principal = owners[owner]
                customer = Customer(
                    id=uuid7(), version=1, created_at=now, updated_at=now, kind="company", name=f"{name}-{i:02d}",
                    status="active", owner_id=principal.user_id, team_id=principal.team_id, pool_status="private",
                    owned_since=now, search_tokens=[],
                )  # fmt: skip
                session.add(customer)
                world.groups[name].append(customer.id)
                await session.flush()
                for k, letter in enumerate(letters):  # in this order, a day apart, the last one the most recent
                    at = now - (100 - k) * day
                    session.add_all(_order(customer.id, world.products[letter], at, "completed"))
                if name == "g4" and i == 0:
                    session.add_all(_order(customer.id, world.products["B"], now - day, "cancelled"))
    return world
