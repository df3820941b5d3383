"""A static segment is guarded like a dynamic one: its members and their count are FORBIDDEN to a caller who may not
read what its rules tested (the members reveal it), and its count is of the members the caller may see."""

from __future__ import annotations

from typing import Any

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.graphql.node import to_global_id
from rapport.marketing.models import Segment, SegmentMember
from rapport.marketing.segments import service
from tests import factories
from tests.conftest import GraphQLClient
from tests.marketing.planted import plant

CSAT = {"op": "and", "rules": [{"kind": "csat", "days": 90, "min": 4}]}
MEMBERS = "query($id: ID!) { segment(id: $id) { name memberCount members(first: 10) { totalCount } } }"
COUNT = "query($id: ID!) { segment(id: $id) { memberCount } }"


async def _static(db: Database, owner_email: str, rules: dict[str, Any], customer_ids: list[Any]) -> Segment:
    owner = await factories.principal(db, owner_email)
    now = clock.now()
    async with db.write() as session:
        row = Segment(
            id=uuid7(), name="Happy, frozen", kind="static", rules=rules, owner_id=owner.user_id,
            team_id=owner.team_id, frozen_at=now, member_count=len(customer_ids),
        )  # fmt: skip
        session.add(row)
        await session.flush()
        session.add_all(SegmentMember(segment_id=row.id, customer_id=c, added_at=now) for c in customer_ids)
    return row


async def test_a_static_segment_of_rules_the_caller_cannot_read_is_forbidden(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    world = await plant(db)
    row = await _static(db, "marketing@demo.example", CSAT, [world.ids["happy"]])
    segment_id = to_global_id("Segment", row.id)
    await gql.login("marketing@demo.example")  # owns it, but may not read ticket ratings
    for query in (MEMBERS, COUNT):
        body = await gql(query, {"id": segment_id})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    await gql.login("analyst@demo.example")  # reads ratings and every segment
    seen = (await gql(MEMBERS, {"id": segment_id}))["data"]["segment"]
    assert seen["memberCount"] == 1 and seen["members"]["totalCount"] == 1


async def test_a_static_segments_count_is_of_the_members_the_caller_may_see(demo: dict[str, Any], db: Database) -> None:
    world = await plant(db)
    buyers = [world.ids[name] for name in ("new_buyer", "repeat", "dormant", "happy")]
    row = await _static(db, "admin@demo.example", {"op": "and", "rules": []}, buyers)
    rep = await factories.principal(db, "rep2@demo.example")  # owns one of the four
    async with db.read() as session:
        assert await service.member_count(session, rep, row) == 1
