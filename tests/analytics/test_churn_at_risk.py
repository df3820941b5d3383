"""`Query.customersAtRisk`: the customers a caller may see whose churn risk is in the asked bands, highest
probability first, within the caller's Customer row scope, without archived customers, refused to callers who may not
read churn risk, paged by keyset; compiled to one statement that agrees with the resolvers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import update

from rapport.analytics.churn.score import Scored, store_scores
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.models import Customer
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from tests import factories
from tests.conftest import GraphQLClient, both_paths

AT_RISK = """query($bands: [RiskLevel!], $first: Int, $after: String) {
  customersAtRisk(bands: $bands, first: $first, after: $after) {
    totalCount nodes { id name churnRisk { probability band reasons { code } } }
    pageInfo { hasNextPage endCursor } } }"""
#: The compiled selection (`Customer.churnRisk` is computed in Python: its reasons are filtered by the reader's policy
#: and rendered in their language, so an operation that selects it runs on the resolvers).
PAGE = """query($bands: [RiskLevel!], $first: Int, $after: String) {
  customersAtRisk(bands: $bands, first: $first, after: $after) {
    totalCount nodes { id name grade owner { name } } edges { cursor } pageInfo { hasNextPage endCursor } } }"""
DEFAULT = "{ customersAtRisk(first: 50) { totalCount nodes { name } } }"
SQL = {"X-Rapport-Debug": "sql"}

#: name: (owner, probability); "Gone" is archived, "Tie 1"/"Tie 2" share a probability.
CUSTOMERS = {
    "Top": ("rep@demo.example", 0.92),
    "Tie 1": ("rep@demo.example", 0.75),
    "Tie 2": ("rep@demo.example", 0.75),
    "Middle": ("rep@demo.example", 0.45),
    "Low": ("rep@demo.example", 0.10),
    "Gone": ("rep@demo.example", 0.99),
    "North": ("rep2@demo.example", 0.81),
}


@dataclass
class AtRisk:
    """The planted customers' ids by name."""

    ids: dict[str, uuid.UUID]


@pytest.fixture
async def planted(db: Database, demo: dict[str, Any]) -> AtRisk:
    ids: dict[str, uuid.UUID] = {}
    for name, (email, _) in CUSTOMERS.items():
        ids[name] = (await factories.customer(db, await factories.principal(db, email), name)).id
    ids["Never scored"] = (await factories.customer(db, await factories.principal(db, "rep@demo.example"), "N")).id
    reasons = [{"code": "NO_FOLLOW_UP", "params": {"days": 120}}]
    async with db.write() as session:
        scores = [Scored(ids[name], p, reasons) for name, (_, p) in CUSTOMERS.items()]
        await store_scores(session, scores, now=clock.now(), run_id=None, small_data=False)
        await session.execute(update(Customer).where(Customer.id == ids["Gone"]).values(archived_at=clock.now()))
        await create_user(session, email="erp@test.example", name="ERP", password="rapport-demo", roles=["integrator"])
    return AtRisk(ids)


def _tied(planted: AtRisk) -> list[str]:
    """The two tied customers in the list's tie-break order (id descending)."""
    return sorted(["Tie 1", "Tie 2"], key=lambda name: planted.ids[name], reverse=True)


async def test_high_risk_customers_highest_first_without_archived(gql: GraphQLClient, planted: AtRisk) -> None:
    await gql.login("admin@demo.example")
    body = await gql(AT_RISK, {"first": 10})
    page = body["data"]["customersAtRisk"]
    assert [n["name"] for n in page["nodes"]] == ["Top", "North", *_tied(planted)]
    assert page["totalCount"] == 4 and not page["pageInfo"]["hasNextPage"]
    top = page["nodes"][0]
    assert top["id"] == to_global_id("Customer", planted.ids["Top"])
    assert top["churnRisk"] == {"probability": 0.92, "band": "HIGH", "reasons": [{"code": "NO_FOLLOW_UP"}]}
    # without `bands`, HIGH only
    assert (await gql(DEFAULT))["data"]["customersAtRisk"]["totalCount"] == 4


async def test_bands_filter(gql: GraphQLClient, planted: AtRisk) -> None:
    await gql.login("admin@demo.example")
    names = {}
    for bands in (["MEDIUM"], ["LOW"], ["MEDIUM", "LOW"], ["HIGH", "MEDIUM", "LOW"], []):
        page = (await gql(AT_RISK, {"first": 20, "bands": bands}))["data"]["customersAtRisk"]
        names[tuple(bands)] = [n["name"] for n in page["nodes"]]
        assert page["totalCount"] == len(page["nodes"])
    assert names[("MEDIUM",)] == ["Middle"]
    assert names[("LOW",)] == ["Low"]
    assert names[("MEDIUM", "LOW")] == ["Middle", "Low"]
    assert names[("HIGH", "MEDIUM", "LOW")] == ["Top", "North", *_tied(planted), "Middle", "Low"]
    assert names[()] == []
    bands = {
        n["churnRisk"]["band"] for n in (await gql(AT_RISK, {"bands": ["MEDIUM"]}))["data"]["customersAtRisk"]["nodes"]
    }
    assert bands == {"MEDIUM"}


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("rep@demo.example", ["Top", "Tie"]),  # own customers only
        ("rep2@demo.example", ["North"]),
        ("manager@demo.example", ["Top", "Tie"]),  # the east team
        ("director@demo.example", ["Top", "North", "Tie"]),  # the sales subtree
        ("marketing@demo.example", ["Top", "North", "Tie"]),
    ],
)
async def test_row_scope_per_role(gql: GraphQLClient, planted: AtRisk, email: str, expected: list[str]) -> None:
    await gql.login(email)
    body = await gql(AT_RISK, {"first": 20})
    assert "errors" not in body, body
    names = [n["name"] for n in body["data"]["customersAtRisk"]["nodes"]]
    want = [found for name in expected for found in (_tied(planted) if name == "Tie" else [name])]
    assert names == want
    assert body["data"]["customersAtRisk"]["totalCount"] == len(want)


async def test_callers_who_may_not_read_churn_risk_are_refused(gql: GraphQLClient, planted: AtRisk) -> None:
    await gql.login("erp@test.example")
    body = await gql(DEFAULT)
    assert body.get("data") is None or body["data"].get("customersAtRisk") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


SET = """mutation($i: PermissionSetInput!) { permissionSet(input: $i) { userErrors { field code } } }"""


async def test_a_role_granted_the_root_but_not_churn_risk_is_refused(gql: GraphQLClient, planted: AtRisk) -> None:
    await gql.login("admin@demo.example")
    change = {"role": "marketing", "type": "Customer", "field": "churnRisk", "access": "NONE"}
    assert (await gql(SET, {"i": change}))["data"]["permissionSet"]["userErrors"] == []
    await gql.login("marketing@demo.example")
    for variables in ({}, {"bands": ["LOW"]}):
        body = await gql("query($b: [RiskLevel!]) { customersAtRisk(bands: $b) { totalCount } }", variables)
        assert body.get("data") is None or body["data"].get("customersAtRisk") is None, body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body


async def test_pages_by_keyset_on_both_paths_in_one_statement(
    db: Database, settings: Settings, planted: AtRisk
) -> None:
    expected = ["Top", "North", *_tied(planted), "Middle", "Low"]
    bands = ["HIGH", "MEDIUM", "LOW"]
    async with both_paths(settings, db, "admin@demo.example") as paths:
        seen: list[str] = []
        after = None
        while True:
            variables = {"first": 2, "after": after, "bands": bands}
            slow = await paths.slow(PAGE, variables, headers=SQL)
            served = paths.served
            fast = await paths.fast(PAGE, variables, headers=SQL)
            assert paths.served == served + 1, "customersAtRisk compiles"
            assert fast["data"] == slow["data"] and "errors" not in slow
            assert fast["extensions"]["sql"]["statements"] == 1
            page = slow["data"]["customersAtRisk"]
            assert page["totalCount"] == 6
            seen += [n["name"] for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == expected
        for path in (paths.slow, paths.fast):
            bad = await path(PAGE, {"first": 2, "after": "bm90IGEgY3Vyc29y"})
            assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
