"""Each kind of segment condition, AND/OR nesting and the presets, against a planted customer graph: the compiled
statement selects exactly the customers the rule describes (counted, listed and tested as a condition alike)."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.core.db import Database
from rapport.marketing.segments import compiler
from rapport.marketing.segments.presets import BY_KEY
from rapport.marketing.segments.repository import sample_rows
from rapport.marketing.segments.rules import parse
from tests import factories
from tests.marketing.planted import World, plant

ALL = {"new_buyer", "repeat", "dormant", "prospect", "happy"}


async def _members(db: Database, world: World, rules: dict[str, Any], email: str = "admin@demo.example") -> set[str]:
    principal = await factories.principal(db, email)
    tree = parse(rules)
    async with db.read() as session:
        ids = set((await session.scalars(compiler.member_ids(tree, world.now, principal))).all())
        count = int((await session.execute(compiler.member_count(tree, world.now, principal))).scalar_one())
        # The condition over the customer table (member lists, previews' samples): the same customers.
        listed = {row.id for row in (await session.scalars(sample_rows(tree, world.now, principal, 100))).all()}
    assert count == len(ids)
    assert listed == ids
    return world.names(ids)


def _one(condition: dict[str, Any]) -> dict[str, Any]:
    return {"op": "and", "rules": [condition]}


CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({"kind": "profile", "field": "kind", "values": ["person"]}, {"new_buyer", "happy"}),
    ({"kind": "profile", "field": "province", "values": ["上海", "浙江"]}, {"new_buyer", "repeat", "dormant"}),
    ({"kind": "profile", "field": "grade", "values": ["A"]}, {"repeat", "prospect"}),
    ({"kind": "profile", "field": "industry", "values": ["retail"]}, {"repeat"}),
    ({"kind": "profile", "field": "source", "values": ["expo"]}, {"prospect"}),
    ({"kind": "hasTag", "tag": "VIP"}, {"new_buyer", "repeat"}),
    ({"kind": "lacksTag", "tag": "VIP"}, {"dormant", "prospect", "happy"}),
    ({"kind": "rfmSegment", "segments": ["loyal"]}, {"repeat"}),
    ({"kind": "rfmSegment", "segments": ["loyal", "high_value"]}, {"repeat", "happy"}),
    ({"kind": "orderedProduct", "sku": "TEA-1", "days": 150}, {"repeat"}),  # the tea order: 120 days ago
    ({"kind": "orderedProduct", "sku": "TEA-1", "days": 100}, set()),
    ({"kind": "orderedProduct", "sku": "COF-1", "days": 90}, set()),
    ({"kind": "orderedProduct", "sku": "COF-1", "days": 120}, {"happy"}),
    ({"kind": "orderedCategory", "category": "tea", "days": 365}, {"repeat"}),
    ({"kind": "orderedCategory", "category": "coffee", "days": 365}, {"happy"}),
    ({"kind": "noOrder", "days": 180}, {"dormant", "prospect"}),  # a cancelled order is no order
    ({"kind": "noOrder", "days": 30}, {"repeat", "dormant", "prospect", "happy"}),
    ({"kind": "orderCount", "min": 1}, {"new_buyer", "repeat", "dormant", "happy"}),
    ({"kind": "orderCount", "days": 365, "min": 2}, {"repeat"}),
    ({"kind": "orderCount", "max": 0}, {"prospect"}),
    ({"kind": "orderAmount", "days": 365, "min": "10000"}, {"repeat"}),
    ({"kind": "orderAmount", "min": 100, "max": "700.00"}, {"new_buyer", "dormant"}),
    ({"kind": "ticketCount", "days": 30, "min": 2}, {"dormant"}),
    ({"kind": "ticketCount", "days": 60, "min": 1, "max": 1}, {"happy"}),
    ({"kind": "csat", "days": 90, "max": 3}, {"dormant"}),
    ({"kind": "csat", "days": 90, "min": "4.5"}, {"happy"}),
    ({"kind": "csat", "days": 30, "min": 1}, {"dormant"}),
    ({"kind": "leadSource", "source": "expo"}, {"prospect"}),
    ({"kind": "leadSource", "source": "web"}, set()),
]


@pytest.mark.parametrize(("condition", "expected"), CASES, ids=[f"{c['kind']}-{i}" for i, (c, _) in enumerate(CASES)])
async def test_each_condition_selects_exactly_its_customers(
    db: Database, demo: dict[str, Any], condition: dict[str, Any], expected: set[str]
) -> None:
    world = await plant(db)
    assert await _members(db, world, _one(condition)) == expected


async def test_and_or_groups_nest(db: Database, demo: dict[str, Any]) -> None:
    world = await plant(db)
    vip_or_expo = {"op": "or", "rules": [{"kind": "hasTag", "tag": "VIP"}, {"kind": "leadSource", "source": "expo"}]}
    assert await _members(db, world, vip_or_expo) == {"new_buyer", "repeat", "prospect"}
    nested = {"op": "and", "rules": [vip_or_expo, {"kind": "profile", "field": "grade", "values": ["A"]}]}
    assert await _members(db, world, nested) == {"repeat", "prospect"}
    deeper = {
        "op": "or",
        "rules": [
            nested,
            {"op": "and", "rules": [{"kind": "csat", "days": 90, "min": 5}, {"kind": "noOrder", "days": 30}]},
        ],
    }
    assert await _members(db, world, deeper) == {"repeat", "prospect", "happy"}
    assert await _members(db, world, {"op": "and", "rules": []}) == ALL
    assert await _members(db, world, {"op": "or", "rules": []}) == set()


#: Trees whose per-customer facts (one aggregate row per customer, LEFT JOINed) must read as the correlated forms
#: did: a customer without orders or tickets has 0 of them and a total of 0, cancelled orders and orders before a
#: window count nowhere, and one source answers several windows at once.
FACTS: list[tuple[dict[str, Any], set[str]]] = [
    # no orders (prospect: only a cancelled one) is a total of 0, inside the range
    ({"op": "and", "rules": [{"kind": "orderAmount", "max": "300.00"}]}, {"new_buyer", "prospect", "happy"}),
    # dormant's orders are older than the window: 0 within it
    (
        {"op": "and", "rules": [{"kind": "orderAmount", "days": 200, "max": "500"}]},
        {"new_buyer", "dormant", "prospect", "happy"},
    ),
    (
        {
            "op": "and",
            "rules": [
                {"kind": "ticketCount", "days": 30, "max": 0},
                {"kind": "orderCount", "max": 1},
                {"kind": "noOrder", "days": 60},
            ],
        },
        {"prospect", "happy"},
    ),
    (
        {
            "op": "or",
            "rules": [
                {"kind": "csat", "days": 30, "max": "2.5"},
                {"kind": "orderAmount", "days": 365, "min": "16000"},
                {"kind": "orderedCategory", "category": "coffee", "days": 365},
            ],
        },
        {"dormant", "repeat", "happy"},
    ),
    (
        {
            "op": "and",
            "rules": [
                {"kind": "orderCount", "min": 2},
                {
                    "op": "or",
                    "rules": [
                        {"kind": "noOrder", "days": 200},
                        {"kind": "orderedProduct", "sku": "TEA-1", "days": 150},
                    ],
                },
            ],
        },
        {"dormant", "repeat"},
    ),
]


@pytest.mark.parametrize(("rules", "expected"), FACTS, ids=[f"facts-{i}" for i in range(len(FACTS))])
async def test_per_customer_facts_read_as_the_rules_say(
    db: Database, demo: dict[str, Any], rules: dict[str, Any], expected: set[str]
) -> None:
    world = await plant(db)
    assert await _members(db, world, rules) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [("first_purchase", {"new_buyer"}), ("high_value_repeat", {"repeat", "happy"}), ("dormant_winback", {"dormant"})],
)
async def test_presets_select_the_planted_customers(
    db: Database, demo: dict[str, Any], key: str, expected: set[str]
) -> None:
    world = await plant(db)
    assert await _members(db, world, BY_KEY[key].rules) == expected


async def test_a_sales_rep_counts_only_their_own_customers(db: Database, demo: dict[str, Any]) -> None:
    world = await plant(db)
    everyone = {"op": "and", "rules": []}
    assert await _members(db, world, everyone, "rep@demo.example") == ALL - {"happy"}
    assert await _members(db, world, everyone, "rep2@demo.example") == {"happy"}
