"""An address on the suppression list comes off only by the one who put it there or a marketing manager, and the
removal is audited with what was removed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("demo")

ADD = """mutation($i: SuppressionAddInput!) { suppressionAdd(input: $i) { suppression { id } userErrors { field } } }"""
REMOVE = """mutation($i: SuppressionRemoveInput!) { suppressionRemove(input: $i) { removed userErrors { field } } }"""


async def _add(gql: GraphQLClient, address: str) -> str:
    added = (await gql(ADD, {"i": {"address": address, "reason": "complaint"}}))["data"]["suppressionAdd"]
    assert added["userErrors"] == [], added
    return str(added["suppression"]["id"])


async def test_only_the_creator_or_a_manager_removes_a_suppression(gql: GraphQLClient, db: Database) -> None:
    await gql.login("mktmanager@demo.example")
    managers = await _add(gql, "barred@example.com")
    await gql.login("marketing@demo.example")
    refused = await gql(REMOVE, {"i": {"suppressionId": managers}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    own = await _add(gql, "mine@example.com")
    assert (await gql(REMOVE, {"i": {"suppressionId": own}}))["data"]["suppressionRemove"]["removed"] is True
    again = await _add(gql, "again@example.com")
    await gql.login("mktmanager@demo.example")
    assert (await gql(REMOVE, {"i": {"suppressionId": again}}))["data"]["suppressionRemove"]["removed"] is True
    names = (await gql("{ suppressions(first: 10) { nodes { masked } } }"))["data"]["suppressions"]["nodes"]
    assert names == [{"masked": "b***@example.com"}]
    async with db.read() as session:
        removals = (
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity_type == "MarketingSuppression", AuditEntry.action == "delete"
                )
            )
        ).all()
    assert sorted(e.changes["masked"][0] for e in removals) == ["a***@example.com", "m***@example.com"]
