"""Who reads product affinity, generated over every shipped role (tests/authz/conftest.py USERS): suggestions, rules
and targets reveal what customers bought, so only the roles that read orders for business read them; targets and
suggestions never show a customer outside the caller's Customer row scope."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.analytics.affinity.mining import mine_rules
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from tests.analytics.affinity_world import AffinityWorld, plant_affinity
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient

#: The roles that read cross-sell, rules and targets (admins read everything).
ALLOWED = {"sales_rep", "sales_manager", "sales_director", "marketing", "marketing_manager", "analyst", "admin"}
QUERIES = {
    "productAffinityRules": "{ productAffinityRules(first: 5) { edges { node { confidence summary } } } }",
    "productTargets": "query($p: ID!) { productTargets(productId: $p, first: 100) { edges { node { customer { id } "
    "likelihood because { name } } } } }",
    "Customer.crossSell": "{ customers(first: 100) { nodes { id crossSell { confidence product { name } } } } }",
}


@pytest.fixture
async def world(db: Database, demo: dict[str, Any]) -> AffinityWorld:
    async with db.write() as session:
        await create_user(session, email=USERS["integrator"], name="ERP", password="rapport-demo", roles=["integrator"])
        await create_user(session, email=USERS["customer"], name="Portal", password="rapport-demo", roles=["customer"])
    planted = await plant_affinity(db)
    async with db.write() as session:
        await mine_rules(session, planted.now)
    return planted


def _code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or [{}]
    return errors[0].get("extensions", {}).get("code")  # type: ignore[no-any-return]


@pytest.mark.parametrize("role", list(USERS))
async def test_exactly_the_roles_that_read_orders_read_affinity(
    gql: GraphQLClient, world: AffinityWorld, role: str
) -> None:
    assert (await gql.login(USERS[role]))["data"]["login"]["viewer"]
    product = to_global_id("Product", world.products["B"])
    bodies = {name: await gql(query, {"p": product}) for name, query in QUERIES.items()}
    if role not in ALLOWED:
        for name, body in bodies.items():
            assert _code(body) == "FORBIDDEN", f"{role} {name}: {body}"
            assert body.get("data") is None, f"{role} {name}: {body}"
        return
    for name, body in bodies.items():
        assert "errors" not in body, f"{role} {name}: {body['errors']}"
    assert len(bodies["productAffinityRules"]["data"]["productAffinityRules"]["edges"]) == 4
    # Everything shown is within the caller's scope: the customers they list are the only ones ranked or suggested.
    visible = {node["id"] for node in bodies["Customer.crossSell"]["data"]["customers"]["nodes"]}
    targets = {e["node"]["customer"]["id"] for e in bodies["productTargets"]["data"]["productTargets"]["edges"]}
    assert targets and targets <= visible
    planted = {to_global_id("Customer", i) for ids in world.groups.values() for i in ids}
    rep_own = {to_global_id("Customer", i) for g in ("g1", "g2", "g4") for i in world.groups[g]}
    if role in ("sales_rep", "sales_manager"):  # rep's own; the manager's team (East) holds rep, not rep2
        assert visible == rep_own
        assert targets == {to_global_id("Customer", i) for g in ("g2", "g4") for i in world.groups[g]}
    else:
        assert visible == planted  # directors, marketing and analysts see every customer


@pytest.mark.parametrize("role", ["sales_rep", "sales_manager"])
async def test_suggestions_of_a_customer_out_of_scope_are_never_shown(
    gql: GraphQLClient, world: AffinityWorld, role: str
) -> None:
    await gql.login(USERS[role])
    other = to_global_id("Customer", world.groups["g5"][0])  # rep2's (another team)
    body = await gql("query($id: ID!) { customer(id: $id) { crossSell { product { name } } } }", {"id": other})
    assert body["data"] == {"customer": None}
