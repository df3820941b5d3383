"""Association rules equal a hand-computed fixture (tests/analytics/affinity_world.py), the mining job replaces
them atomically and idempotently, and a fresh demo seed yields rules above the minimum support."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from rapport.analytics.affinity.jobs import product_affinity
from rapport.analytics.affinity.mining import MIN_SUPPORT_CUSTOMERS, mine_rules
from rapport.analytics.affinity.models import ProductAffinityRule
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.affinity_facts import BASKET_CAP
from tests.analytics.affinity_world import AffinityWorld, plant_affinity

#: (A, B): (customers with A, with B, with both, support, confidence, lift), computed by hand from the groups:
#: 82 customers with a basket; A 57, B 50, C 26; A&B 30, B&C 20.
EXPECTED: dict[tuple[str, str], tuple[int, int, int, float, float, float]] = {
    ("A", "B"): (57, 50, 30, 30 / 82, 30 / 57, (30 / 57) / (50 / 82)),
    ("B", "A"): (50, 57, 30, 30 / 82, 30 / 50, (30 / 50) / (57 / 82)),
    ("B", "C"): (50, 26, 20, 20 / 82, 20 / 50, (20 / 50) / (26 / 82)),
    ("C", "B"): (26, 50, 20, 20 / 82, 20 / 26, (20 / 26) / (50 / 82)),
}


async def _rules(db: Database, world: AffinityWorld) -> dict[tuple[str, str], ProductAffinityRule]:
    letter = {pid: name for name, pid in world.products.items()}
    async with db.read() as session:
        rows = (await session.scalars(select(ProductAffinityRule))).all()
    return {(letter[r.antecedent_id], letter[r.consequent_id]): r for r in rows}


async def test_rules_equal_the_hand_computed_fixture(db: Database, demo: dict[str, Any]) -> None:
    assert MIN_SUPPORT_CUSTOMERS == 20 and BASKET_CAP == 12  # the fixture is computed for these
    world = await plant_affinity(db)
    async with db.write() as session:
        assert await mine_rules(session, world.now) == {"rules": 4, "skipped": 0}
    rules = await _rules(db, world)
    # A&D (15 customers) is below the minimum; the cancelled B does not make B&C 21; the capped basket does not
    # make A&B 31 (its B is its oldest product, dropped).
    assert set(rules) == set(EXPECTED)
    for pair, (with_a, with_b, both, support, confidence, lift) in EXPECTED.items():
        rule = rules[pair]
        assert (rule.antecedent_customers, rule.consequent_customers, rule.both_customers) == (with_a, with_b, both)
        assert rule.basket_customers == 82
        assert rule.support == pytest.approx(support)
        assert rule.confidence == pytest.approx(confidence)
        assert rule.lift == pytest.approx(lift)
        assert (rule.antecedent_name, rule.consequent_name) == (f"Product {pair[0]}", f"Product {pair[1]}")
        assert rule.computed_at == world.now


async def test_rules_as_of_a_date_read_only_earlier_orders(db: Database, demo: dict[str, Any]) -> None:
    world = await plant_affinity(db)
    # Every planted order is 88 to 100 days old, the second product of a pair 99 days old: as of 99.5 days ago, no
    # customer has two products yet.
    as_of = world.now - timedelta(days=99, hours=12)
    async with db.write() as session:
        assert (await mine_rules(session, world.now, as_of))["rules"] == 0


async def test_the_job_replaces_the_rules_idempotently(db: Database, demo: dict[str, Any], settings: Settings) -> None:
    world = await plant_affinity(db)
    first = await product_affinity.run(db, settings, world.now)
    before = await _rules(db, world)
    later = world.now + timedelta(hours=1)
    again = await product_affinity.run(db, settings, later)
    after = await _rules(db, world)
    assert first == again == {"rules": 4, "skipped": 0}
    assert set(before) == set(after)
    assert all(after[p].confidence == before[p].confidence for p in after)
    assert {r.computed_at for r in after.values()} == {later}  # replaced, not added to


async def test_concurrent_runs_never_double_the_rules(db: Database, demo: dict[str, Any], settings: Settings) -> None:
    world = await plant_affinity(db)
    results = await asyncio.gather(*(product_affinity.run(db, settings, world.now) for _ in range(3)))
    assert sum(r["rules"] for r in results) >= 4
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(ProductAffinityRule)) == 4


async def test_a_fresh_demo_seed_yields_rules_above_the_minimum(db: Database, settings: Settings) -> None:
    from rapport.demo import DEFAULT_CUSTOMERS, seed_demo

    with clock.frozen_at(clock.now()):
        report = await seed_demo(db, settings, locale="en")
    assert report["analytics"]["affinity"]["rules"] >= 4
    async with db.read() as session:
        rules = (await session.scalars(select(ProductAffinityRule))).all()
    assert all(r.both_customers >= MIN_SUPPORT_CUSTOMERS for r in rules)
    assert rules[0].basket_customers <= DEFAULT_CUSTOMERS
    planted = {(r.antecedent_name, r.consequent_name): r for r in rules}
    scanner = planted[("Smart terminal", "Barcode scanner")]  # the demo's strongest family
    assert scanner.confidence >= 0.7 and scanner.lift > 1.5
