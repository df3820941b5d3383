"""Marketing's segment condition "likely buyer of product P with likelihood >= x", built from analytics' affinity
facts: it counts the customers the targeting root ranks, within the caller's scope, and is validated and guarded like
every condition."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.analytics.affinity.mining import mine_rules
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, ForbiddenError
from rapport.marketing.segments import compiler
from rapport.marketing.segments.rules import dump, parse
from tests import factories
from tests.analytics.affinity_world import AffinityWorld, plant_affinity


@pytest.fixture
async def world(db: Database, demo: dict[str, Any]) -> AffinityWorld:
    planted = await plant_affinity(db)
    async with db.write() as session:
        await mine_rules(session, planted.now)
    return planted


def _likely(sku: str, likelihood: Any) -> dict[str, Any]:
    return {"op": "and", "rules": [{"kind": "likelyBuyer", "sku": sku, "likelihood": likelihood}]}


@pytest.mark.parametrize(
    ("email", "likelihood", "groups"),
    [
        ("admin@demo.example", "0.85", {"g7"}),  # A and C: 1 - (1 - 30/57)(1 - 20/26) = 0.89
        ("admin@demo.example", 0.7, {"g7", "g4"}),  # C alone: 20/26 = 0.77
        ("admin@demo.example", "0.5", {"g7", "g4", "g2", "g5"}),  # A alone: 30/57 = 0.53
        ("marketing@demo.example", "0.5", {"g7", "g4", "g2", "g5"}),
        ("rep@demo.example", "0.5", {"g4", "g2"}),  # a rep counts their own customers only
        ("admin@demo.example", "0.95", set()),
    ],
)
async def test_likely_buyers_are_counted_within_scope(
    db: Database, world: AffinityWorld, email: str, likelihood: Any, groups: set[str]
) -> None:
    principal = await factories.principal(db, email)
    tree = parse(_likely("AFF-B", likelihood))
    compiler.authorize(tree, principal)
    async with db.read() as session:
        ids = set((await session.scalars(compiler.member_ids(tree, world.now, principal))).all())
        count = int((await session.execute(compiler.member_count(tree, world.now, principal))).scalar_one())
    assert count == len(ids)
    assert {world.group_of(i) for i in ids} == groups
    expected = sum(len(world.groups[g]) for g in groups)
    assert count == expected  # never a customer who has B already (g1, g3, g6)


async def test_the_condition_combines_with_others(db: Database, world: AffinityWorld) -> None:
    principal = await factories.principal(db, "admin@demo.example")
    tree = parse(
        {
            "op": "and",
            "rules": [
                {"kind": "likelyBuyer", "sku": "AFF-B", "likelihood": "0.5"},
                {"kind": "orderedProduct", "sku": "AFF-D", "days": 365},
            ],
        }
    )
    async with db.read() as session:
        ids = set((await session.scalars(compiler.member_ids(tree, world.now, principal))).all())
    assert {world.group_of(i) for i in ids} == {"g5"}


@pytest.mark.parametrize("likelihood", [-0.1, "1.5", "x", True, None])
def test_the_likelihood_is_validated(likelihood: Any) -> None:
    with pytest.raises(BadUserInputError) as raised:
        parse(_likely("AFF-B", likelihood))
    assert raised.value.extensions["field"] == "rules.rules.0.likelihood"


def test_the_condition_is_stored_as_given() -> None:
    assert dump(parse(_likely("AFF-B", 0.5)))["rules"][0] == {
        "kind": "likelyBuyer",
        "sku": "AFF-B",
        "likelihood": "0.5",
    }


@pytest.mark.parametrize("email", ["agent@demo.example", "supervisor@demo.example"])
async def test_roles_that_may_not_read_purchase_patterns_may_not_build_on_them(
    db: Database, demo: dict[str, Any], email: str
) -> None:
    principal = await factories.principal(db, email)
    with pytest.raises(ForbiddenError):
        compiler.authorize(parse(_likely("AFF-B", "0.5")), principal)
