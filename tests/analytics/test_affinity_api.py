"""Cross-sell suggestions, the rules root and launch targeting through GraphQL, on the hand-computed fixture
(tests/analytics/affinity_world.py): suggestions exclude what the customer has, both read paths agree in a bounded
number of statements, targets are ranked by noisy-OR within the caller's row scope."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.analytics.affinity.mining import mine_rules
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests.analytics.affinity_world import AffinityWorld, plant_affinity
from tests.conftest import GraphQLClient, both_paths

SQL = {"X-Rapport-Debug": "sql"}
CROSS = """query($id: ID!) { customer(id: $id) { crossSell {
  confidence lift supportCustomers product { name sku category } because { name } } } }"""
LIST = """query($first: Int) { customers(first: $first) { nodes { id name crossSell(first: 3) {
  confidence product { name } because { name } } } } }"""
TARGETS = """query($p: ID!, $first: Int, $after: String) { productTargets(productId: $p, first: $first, after: $after) {
  totalCount edges { cursor node { customer { id name } likelihood confidence rules because { name } } }
  pageInfo { hasNextPage endCursor } } }"""
RULES = """query($p: ID) { productAffinityRules(productId: $p, first: 10) { totalCount edges { node {
  antecedent { name } consequent { name } supportCustomers confidence lift summary } } } }"""

#: Per group: the one suggestion (product, because, confidence) every customer of the group gets.
SUGGESTED = {
    "g1": ("Product C", "Product B", 20 / 50),  # has A and B
    "g2": ("Product B", "Product A", 30 / 57),  # has A
    "g3": ("Product A", "Product B", 30 / 50),  # has B and C
    "g4": ("Product B", "Product C", 20 / 26),  # has C (the cancelled B is not had)
    "g5": ("Product B", "Product A", 30 / 57),  # has A and D
    "g6": ("Product C", "Product B", 20 / 50),  # has A and B (B beyond the cap for mining, still had)
    "g7": ("Product B", "Product C", 20 / 26),  # has A and C: the stronger rule C -> B explains B
}


@pytest.fixture
async def world(db: Database, demo: dict[str, Any]) -> AffinityWorld:
    planted = await plant_affinity(db)
    async with db.write() as session:
        await mine_rules(session, planted.now)
    return planted


async def test_suggestions_exclude_owned_products_on_both_paths(
    db: Database, settings: Settings, world: AffinityWorld
) -> None:
    async with both_paths(settings, db, "admin@demo.example") as paths:
        for group, (product, because, confidence) in SUGGESTED.items():
            customer = to_global_id("Customer", world.groups[group][0])
            slow = await paths.slow(CROSS, {"id": customer})
            served = paths.served
            fast = await paths.fast(CROSS, {"id": customer})
            assert paths.served == served + 1, "Customer.crossSell compiles"
            assert fast == slow
            [suggestion] = slow["data"]["customer"]["crossSell"]
            assert (suggestion["product"]["name"], suggestion["because"]["name"]) == (product, because), group
            assert suggestion["confidence"] == pytest.approx(confidence)
            assert suggestion["product"]["category"] == "affinity"
            assert suggestion["supportCustomers"] >= 20


async def test_a_page_of_customers_reads_suggestions_in_a_bounded_number_of_statements(
    db: Database, settings: Settings, world: AffinityWorld
) -> None:
    async with both_paths(settings, db, "admin@demo.example") as paths:
        counts: dict[str, set[int]] = {"fast": set(), "slow": set()}
        for first in (1, 5, 60):
            slow = await paths.slow(LIST, {"first": first}, headers=SQL)
            fast = await paths.fast(LIST, {"first": first}, headers=SQL)
            assert fast["data"] == slow["data"]
            assert len(slow["data"]["customers"]["nodes"]) == first
            counts["fast"].add(fast["extensions"]["sql"]["statements"])
            counts["slow"].add(slow["extensions"]["sql"]["statements"])
        assert counts["fast"] == {1}  # the whole page, suggestions included, in one statement
        [slow_count] = counts["slow"]  # the resolvers: one batch per level, whatever the number of customers
        assert slow_count <= 4


async def test_targets_rank_by_noisy_or_within_the_callers_scope(gql: GraphQLClient, world: AffinityWorld) -> None:
    product = to_global_id("Product", world.products["B"])
    both = 1 - (1 - 30 / 57) * (1 - 20 / 26)  # g7 has A and C: two rules towards B
    await gql.login("admin@demo.example")
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        body = await gql(TARGETS, {"p": product, "first": 10, "after": after})
        page = body["data"]["productTargets"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == 31 == len(seen) == len({n["customer"]["id"] for n in seen})
    assert seen[0]["likelihood"] == pytest.approx(both) and seen[0]["rules"] == 2
    assert seen[0]["because"]["name"] == "Product C" and seen[0]["confidence"] == pytest.approx(20 / 26)
    likelihoods = [n["likelihood"] for n in seen]
    assert likelihoods == sorted(likelihoods, reverse=True)
    assert [round(x, 6) for x in likelihoods[1:]] == [round(20 / 26, 6)] * 5 + [round(30 / 57, 6)] * 25
    groups = {world.group_of(_raw(n["customer"]["id"])) for n in seen}
    assert groups == {"g2", "g4", "g5", "g7"}  # never a customer who has B (g1, g3, g6)

    for email, expected in (("rep@demo.example", {"g2", "g4"}), ("rep2@demo.example", {"g5", "g7"})):
        await gql.login(email)
        body = await gql(TARGETS, {"p": product, "first": 100})
        nodes = [edge["node"] for edge in body["data"]["productTargets"]["edges"]]
        assert {world.group_of(_raw(n["customer"]["id"])) for n in nodes} == expected, email
        assert body["data"]["productTargets"]["totalCount"] == len(nodes)


async def test_rules_root_reads_the_rules_in_words(gql: GraphQLClient, world: AffinityWorld) -> None:
    await gql.login("analyst@demo.example")
    body = await gql(RULES, {"p": to_global_id("Product", world.products["C"])})
    nodes = [edge["node"] for edge in body["data"]["productAffinityRules"]["edges"]]
    assert [(n["antecedent"]["name"], n["consequent"]["name"]) for n in nodes] == [
        ("Product C", "Product B"),
        ("Product B", "Product C"),
    ]
    assert nodes[0]["summary"] == "77 % of customers who bought Product C also bought Product B."
    zh = await gql(RULES, {"p": None}, headers={"accept-language": "zh-CN"})
    assert zh["data"]["productAffinityRules"]["totalCount"] == 4
    sentence = zh["data"]["productAffinityRules"]["edges"][0]["node"]["summary"]
    assert sentence == "购买Product C的客户中有 77% 也购买了Product B。"


def _raw(global_id: str) -> Any:
    from rapport.graphql.node import raw_id

    return raw_id(global_id, "Customer")


async def test_the_rules_root_compiles_and_agrees_with_the_resolvers(
    db: Database, settings: Settings, world: AffinityWorld
) -> None:
    async with both_paths(settings, db, "marketing@demo.example") as paths:
        for variables in ({"p": None}, {"p": to_global_id("Product", world.products["A"])}):
            slow = await paths.slow(RULES, variables)
            served = paths.served
            fast = await paths.fast(RULES, variables)
            assert paths.served == served + 1, f"productAffinityRules compiles with {variables}"
            assert fast == slow and "errors" not in slow
        assert slow["data"]["productAffinityRules"]["totalCount"] == 2  # A -> B and B -> A
