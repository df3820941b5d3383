"""The stored latest event of each kind per customer (`customer_last_event`, kept by triggers: migration 0022) is
always what the manifests' `CustomerEvent.latest` computes from the events' tables: after generated sequences of
statements of every kind (one row and many at once: inserts, cancellations, deals won and reopened, closing times
moved, tickets moved between customers or detached, deletions, a merge's reparenting), and when two transactions
change the same customer's events at once."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from rapport.assembly import install
from rapport.core.db import Database
from rapport.customers.models import CustomerLastEvent
from rapport.manifest import installed
from rapport.sales.models import POOL_EVENTS
from tests import factories
from tests.conftest import wait_for_lock

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


async def _stored(db: Database) -> dict[tuple[uuid.UUID, str], datetime]:
    async with db.read() as session:
        rows = await session.execute(select(CustomerLastEvent))
        return {(r.customer_id, r.kind): r.at for r in rows.scalars()}


async def _computed(db: Database, customers: list[uuid.UUID]) -> dict[tuple[uuid.UUID, str], datetime]:
    """Each customer's latest event of each pool kind, from the manifests' definitions (the tables themselves)."""
    install()
    events = {kind: event for kind, event in installed().customer_events.items() if kind in POOL_EVENTS}
    assert set(events) == set(POOL_EVENTS)
    found: dict[tuple[uuid.UUID, str], datetime] = {}
    async with db.read() as session:
        for customer_id in customers:
            for kind, event in events.items():
                value = (await session.execute(select(event.latest(customer_id)))).scalar_one()
                if value is not None:
                    found[(customer_id, kind)] = value
    return found


class World:
    """Rows to change at random: orders, deals and tickets of a few customers, each with a unique number."""

    def __init__(self, db: Database, customers: list[uuid.UUID], stage: uuid.UUID, rng: random.Random) -> None:
        self.db, self.customers, self.stage, self.rng = db, customers, stage, rng
        self.serial = 0

    def _at(self) -> datetime:
        return T0 + timedelta(hours=self.rng.randrange(0, 2000))

    def _number(self) -> str:
        self.serial += 1
        return f"T-{self.serial}"

    def _some(self) -> list[uuid.UUID]:
        return self.rng.sample(self.customers, self.rng.randint(1, len(self.customers)))

    async def step(self, choice: int | None = None) -> str:
        """One transaction of statements of a kind (chosen at random unless given); returns which kind."""
        rng = self.rng
        choice = rng.randrange(12) if choice is None else choice
        c = rng.choice(self.customers)
        statements: list[tuple[str, dict[str, Any]]] = []
        if choice == 0:  # several orders at once, some cancelled
            for _ in range(rng.randint(1, 3)):
                statements.append(
                    (
                        "INSERT INTO sales_order (id, number, customer_id, channel, status, ordered_at, total_amount,"
                        " currency, version, created_at, updated_at) VALUES (:id, :n, :c, 'store', :s, :at, 10,"
                        " 'CNY', 1, now(), now())",
                        {
                            "id": uuid.uuid4(),
                            "n": self._number(),
                            "c": rng.choice(self.customers),
                            "s": rng.choice(["paid", "completed", "cancelled"]),
                            "at": self._at(),
                        },
                    )
                )
        elif choice == 1:  # cancel or restore every order of some customers in one statement
            statements.append(
                (
                    "UPDATE sales_order SET status = :s WHERE customer_id = ANY(:cs)",
                    {"s": rng.choice(["cancelled", "paid"]), "cs": self._some()},
                )
            )
        elif choice == 2:  # move one order's time
            statements.append(
                (
                    "UPDATE sales_order SET ordered_at = :at WHERE id = (SELECT id FROM sales_order WHERE customer_id"
                    " = :c ORDER BY random() LIMIT 1)",
                    {"at": self._at(), "c": c},
                )
            )
        elif choice == 3:  # delete some orders
            statements.append(("DELETE FROM sales_order WHERE customer_id = :c AND random() < 0.5", {"c": c}))
        elif choice == 4:  # a deal, open or won
            status = rng.choice(["open", "won", "lost"])
            statements.append(
                (
                    "INSERT INTO opportunity (id, name, customer_id, amount, stage_id, status, closed_at, version,"
                    " created_at, updated_at) VALUES (:id, 'deal', :c, 100, :stage, :s, :closed, 1, now(), now())",
                    {
                        "id": uuid.uuid4(),
                        "c": c,
                        "stage": self.stage,
                        "s": status,
                        "closed": None if status == "open" else self._at(),
                    },
                )
            )
        elif choice == 5:  # deals won, reopened or lost, many at once
            status = rng.choice(["won", "open", "lost"])
            statements.append(
                (
                    "UPDATE opportunity SET status = CAST(:s AS varchar), closed_at = CASE WHEN CAST(:s AS varchar) = 'open'"
                    " THEN NULL"
                    " ELSE coalesce(closed_at, :at) END WHERE customer_id = ANY(:cs)",
                    {"s": status, "at": self._at(), "cs": self._some()},
                )
            )
        elif choice == 6:  # a won deal's closing time moved
            statements.append(
                (
                    "UPDATE opportunity SET closed_at = :at WHERE status = 'won' AND customer_id = :c",
                    {"at": self._at(), "c": c},
                )
            )
        elif choice == 7:  # tickets, with or without a customer
            for _ in range(rng.randint(1, 2)):
                statements.append(
                    (
                        "INSERT INTO ticket (id, number, subject, channel, category, priority, status,"
                        " escalation_level, reopen_count, search_tokens, customer_id, version, created_at, updated_at)"
                        " VALUES (:id, :n, 's', 'email', 'other', 'normal', 'new', 0, 0, '{}', :c, 1, :at, now())",
                        {
                            "id": uuid.uuid4(),
                            "n": self._number(),
                            "c": rng.choice([*self.customers, None]),
                            "at": self._at(),
                        },
                    )
                )
        elif choice == 8:  # a ticket moved to another customer, or detached
            statements.append(
                (
                    "UPDATE ticket SET customer_id = :to WHERE id = (SELECT id FROM ticket ORDER BY random() LIMIT 1)",
                    {"to": rng.choice([*self.customers, None])},
                )
            )
        elif choice == 9:  # an update that changes nothing that counts (status of tickets, amounts)
            statements.append(("UPDATE ticket SET status = 'in_progress' WHERE customer_id = :c", {"c": c}))
            statements.append(
                ("UPDATE sales_order SET total_amount = total_amount + 1 WHERE customer_id = :c", {"c": c})
            )
        elif choice == 10:  # delete deals and tickets
            statements.append(("DELETE FROM opportunity WHERE customer_id = :c AND random() < 0.5", {"c": c}))
            statements.append(("DELETE FROM ticket WHERE customer_id = :c AND random() < 0.5", {"c": c}))
        else:  # a merge's reparenting: every event of one customer moved to another
            to = rng.choice([x for x in self.customers if x != c])
            for table in ("sales_order", "opportunity", "ticket"):
                statements.append((f"UPDATE {table} SET customer_id = :to WHERE customer_id = :c", {"to": to, "c": c}))
        async with self.db.engine.begin() as conn:
            for sql, values in statements:
                await conn.execute(text(sql), values)
        return f"{choice}"


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_stored_latest_events_are_always_the_computed_ones(
    db: Database, demo: dict[str, Any], seed: int
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customers = [(await factories.customer(db, rep, f"Last-{seed}-{i}")).id for i in range(4)]
    async with db.read() as session:
        stage = (await session.execute(text("SELECT id FROM pipeline_stage ORDER BY position LIMIT 1"))).scalar_one()
    world = World(db, customers, stage, random.Random(seed))
    done: list[str] = []
    kinds: set[str] = set()
    for given in [0, 4, 4, 4, 7, *[None] * 60]:  # some of each kind of event first, then anything
        done.append(await world.step(given))
        stored = {k: v for k, v in (await _stored(db)).items() if k[0] in customers}
        assert stored == await _computed(db, customers), f"after steps {done}"
        kinds |= {kind for _, kind in stored}
    assert kinds == set(POOL_EVENTS), "some kind never had an event: not a useful check"
    assert len(set(done)) >= 10, f"too few kinds of statement: {sorted(set(done))}"


async def test_an_order_cancelled_beside_a_new_one_leaves_the_right_latest_time(
    db: Database, demo: dict[str, Any]
) -> None:
    """T1 cancels the latest order and holds its transaction; T2 adds an order between the two; T1 commits, then T2:
    the stored time is T2's order (refreshed after T1's commit), not the cancelled one's."""
    rep = await factories.principal(db, "rep@demo.example")
    customer = (await factories.customer(db, rep, "Race Co")).id
    await factories.orders(db, customer, ["10.00"], start=T0 + timedelta(days=5), step=timedelta(0))
    await factories.orders(db, customer, ["10.00"], start=T0 + timedelta(days=10), step=timedelta(0))
    insert = (
        "INSERT INTO sales_order (id, number, customer_id, channel, status, ordered_at, total_amount, currency,"
        " version, created_at, updated_at) VALUES (:id, 'RACE-1', :c, 'store', 'paid', :at, 10, 'CNY', 1, now(), now())"
    )
    async with db.engine.connect() as first, db.engine.connect() as second:
        one = await first.begin()
        await first.execute(
            text("UPDATE sales_order SET status = 'cancelled' WHERE customer_id = :c AND ordered_at = :at"),
            {"c": customer, "at": T0 + timedelta(days=10)},
        )
        two = await second.begin()
        backend = (await second.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        adding = asyncio.create_task(
            second.execute(text(insert), {"id": uuid.uuid4(), "c": customer, "at": T0 + timedelta(days=8)})
        )
        await wait_for_lock(db, backend)  # T2 waits for T1 (the advisory lock of the customer's orders)
        await one.commit()
        await adding
        await two.commit()
    stored = await _stored(db)
    assert stored[(customer, "order")] == T0 + timedelta(days=8)
    assert stored[(customer, "order")] == (await _computed(db, [customer]))[(customer, "order")]


async def test_a_bulk_statement_and_a_truncation_keep_the_stored_times(db: Database, demo: dict[str, Any]) -> None:
    """One statement touching more customers than the per-customer locks cover (the kind's lock alone), then a
    TRUNCATE of one events table, which empties that kind's rows and no other."""
    rep = await factories.principal(db, "rep@demo.example")
    customers = [(await factories.customer(db, rep, f"Bulk-{i}")).id for i in range(70)]
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO sales_order (id, number, customer_id, channel, status, ordered_at, total_amount, currency,"
                " version, created_at, updated_at) SELECT gen_random_uuid(), 'B-' || n, c, 'store', 'paid',"
                " CAST(:t0 AS timestamptz) + n * interval '1 hour', 10, 'CNY', 1, now(), now()"
                " FROM unnest(CAST(:cs AS uuid[])) WITH ORDINALITY AS u(c, n)"
            ),
            {"t0": T0, "cs": customers},
        )
        await conn.execute(
            text(
                "INSERT INTO ticket (id, number, subject, channel, category, priority, status, escalation_level,"
                " reopen_count, search_tokens, customer_id, version, created_at, updated_at) VALUES"
                " (gen_random_uuid(), 'TB-1', 's', 'email', 'other', 'normal', 'new', 0, 0, '{}', :c, 1, :t0, now())"
            ),
            {"t0": T0, "c": customers[0]},
        )
    stored = await _stored(db)
    assert len([k for k in stored if k[1] == "order"]) == 70
    assert {k: v for k, v in stored.items() if k[0] in customers} == await _computed(db, customers)
    async with db.engine.begin() as conn:
        await conn.execute(
            text("UPDATE sales_order SET status = 'cancelled' WHERE customer_id = ANY(:cs)"), {"cs": customers}
        )
    assert not [k for k in await _stored(db) if k[1] == "order" and k[0] in customers]
    async with db.engine.begin() as conn:
        await conn.execute(text("TRUNCATE ticket CASCADE"))
    stored = await _stored(db)
    assert not [k for k in stored if k[1] == "ticket"]
    assert {k: v for k, v in stored.items() if k[0] in customers} == await _computed(db, customers)
