"""Demo data: deterministic for a seed, realistic, with planted duplicates the duplicate finder catches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.models import Customer, Order
from rapport.demo import seed_demo
from tests.conftest import GraphQLClient, truncate

SEEDED_AT = datetime(2026, 12, 7, 3, tzinfo=UTC)  # 11:00 on a Monday in Shanghai


async def test_seeding_customers_is_deterministic_and_complete(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    seen: list[int] = []
    # At a fixed instant: the seed places its history relative to the clock, and which deals the rep still owns
    # after the pool's reclaim (hence whether one of them waits for an approval) depends on the time of day.
    with clock.frozen_at(SEEDED_AT):
        report = await seed_demo(
            db, settings, locale="zh_CN", random_seed=7, customers=300, progress=lambda d, t: seen.append(d)
        )
    counts = report["customers"]
    assert counts["customers"] == 300 and counts["contacts"] >= 300 and counts["orders"] > 600
    assert seen[-1] == 300
    sales = report["sales"]
    assert sales["opportunities"] == 60 and sales["pending_approvals"] == 1 and sales["leads"] == 24
    assert sales["pool_reclaimed"] > 0  # some owners stopped following up
    async with db.read() as session:
        first = [r[0] for r in await session.execute(select(Customer.name).order_by(Customer.id))]
        provinces = {r[0] for r in await session.execute(select(Customer.province).distinct())}
        months = {
            int(r[0]): int(r[1])
            for r in await session.execute(
                select(func.extract("month", Order.ordered_at), func.count()).group_by(
                    func.extract("month", Order.ordered_at)
                )
            )
        }
        scored = (await session.execute(text("SELECT count(*) FROM customer_score"))).scalar()
        zones = {
            zone: int(count)
            for zone, count in await session.execute(text("SELECT time_zone, count(*) FROM contact GROUP BY time_zone"))
        }
        # Vacuumed after the bulk load: pages marked all-visible (index-only scans work at once), as autovacuum
        # would leave them only later.
        visible = (
            await session.execute(text("SELECT relallvisible FROM pg_class WHERE relname = 'contact_point'"))
        ).scalar()
    assert {"浙江省", "广东省", "北京市"} <= provinces
    assert months[11] > months[2]  # Double 11 outsells February
    assert scored == 300
    # A few contacts live abroad (marketing's quiet hours are theirs); the rest use the company's zone.
    assert set(zones) == {None, "America/Los_Angeles", "Europe/Berlin"}
    assert 0 < zones["America/Los_Angeles"] + zones["Europe/Berlin"] < zones[None] / 10
    assert visible and visible > 0
    await db.engine.dispose()
    await truncate(db.engine, ["customer", "product", "tag"])
    with clock.frozen_at(SEEDED_AT):
        await seed_demo(db, settings, locale="zh_CN", random_seed=7, customers=300)
    async with db.read() as session:
        again = [r[0] for r in await session.execute(select(Customer.name).order_by(Customer.id))]
    assert again == first


async def test_planted_duplicates_are_found(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    await seed_demo(db, settings, locale="en", random_seed=3, customers=800)
    async with db.read() as session:
        planted = (await session.execute(select(Customer.id).where(Customer.name.like("%Branch")))).scalars().all()
    assert planted, "the generator plants about 1% duplicates"
    from rapport.graphql.node import to_global_id

    await gql.login("director@demo.example")  # sees all of sales
    body = await gql(
        "query($id: ID!) { customerDuplicates(id: $id) { reasons customer { name } } }",
        {"id": to_global_id("Customer", planted[0])},
    )
    reasons = [set(d["reasons"]) for d in body["data"]["customerDuplicates"]]
    assert any({"SAME_PHONE", "SAME_TRADE_NAME"} <= r for r in reasons), body  # "X Branch" is X


async def test_bulk_tickets_and_opportunities_for_large_databases(
    demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    report = await seed_demo(db, settings, locale="en", customers=50, tickets=500, opportunities=200)
    assert report["bulk_tickets"] == 500 and report["bulk_opportunities"] == 200
    async with db.read() as session:
        numbers = (await session.execute(text("SELECT count(*), count(DISTINCT number) FROM ticket"))).one()
        assert numbers[0] == numbers[1] >= 500
        orphans = (
            await session.execute(
                text(
                    "SELECT count(*) FROM opportunity o WHERE NOT EXISTS "
                    "(SELECT 1 FROM stage_change s WHERE s.opportunity_id = o.id AND s.to_stage_id = o.stage_id)"
                )
            )
        ).scalar()
        assert orphans == 0  # every opportunity's history ends in its current stage
        firsts = (await session.execute(text("SELECT count(*) FROM stage_change WHERE from_stage_id IS NULL"))).scalar()
        total = (await session.execute(text("SELECT count(*) FROM opportunity"))).scalar()
        assert firsts == total  # and starts once, from nothing
