"""RFM scores against a hand-computed fixture; grouping and contribution ranking computed in SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)

# name: (days since the last order, number of orders, total spent)
# Hand-computed with NTILE(5) over the 8 buyers (tiles of 2, 2, 2, 1, 1 rows):
#   recency (oldest first): P1 P2 | P3 P4 | LOY POT | NEW | HV   -> r = 1 1 2 2 3 3 4 5
#   frequency (fewest first): NEW P2 | P4 POT | P3 P1 | LOY | HV -> f = 1 1 2 2 3 3 4 5
#   monetary (least first): NEW P2 | P4 POT | LOY P3 | P1 | HV   -> m = 1 1 2 2 3 3 4 5
FIXTURE: dict[str, tuple[int, int, int]] = {
    "HV": (1, 9, 9000),
    "NEW": (3, 1, 50),
    "POT": (20, 4, 600),
    "LOY": (30, 8, 800),
    "P4": (100, 3, 210),
    "P3": (150, 5, 4000),
    "P2": (300, 2, 150),
    "P1": (500, 6, 6000),
}
EXPECTED: dict[str, tuple[int, int, int, str]] = {
    "HV": (5, 5, 5, "HIGH_VALUE"),
    "NEW": (4, 1, 1, "NEW"),
    "LOY": (3, 4, 3, "LOYAL"),
    "POT": (3, 2, 2, "POTENTIAL"),
    "P4": (2, 2, 2, "DORMANT"),
    "P3": (2, 3, 3, "AT_RISK"),
    "P2": (1, 1, 1, "DORMANT"),
    "P1": (1, 3, 4, "AT_RISK"),
}


async def _fixture(db: Database) -> dict[str, str]:
    rep = await factories.principal(db, "rep@demo.example")
    ids: dict[str, str] = {}
    provinces = {"HV": "浙江省", "P1": "浙江省", "P3": "江苏省"}
    for name, (days, count, total) in FIXTURE.items():
        customer = await factories.customer(db, rep, name, province=provinces.get(name, "上海市"))
        last = NOW - timedelta(days=days)
        each = Decimal(total) / count
        await factories.orders(
            db, customer.id, [str(each)] * count, start=last - timedelta(days=count - 1), step=timedelta(days=1)
        )
        ids[name] = to_global_id("Customer", customer.id)
    none = await factories.customer(db, rep, "NONE", province="上海市")
    await factories.orders(
        db, none.id, ["999.00"], start=NOW - timedelta(days=2), step=timedelta(days=1), status="cancelled"
    )
    ids["NONE"] = to_global_id("Customer", none.id)
    return ids


async def test_rfm_segments_match_the_hand_computed_fixture(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    ids = await _fixture(db)
    install()
    result = await run_job("rfm-refresh", db, settings, NOW)
    assert result == {"customers": 9, "skipped": 0}
    await gql.login("rep@demo.example")
    for name, (r, f, m, segment) in EXPECTED.items():
        body = await gql(
            "query($id: ID!) { customer(id: $id) { rfm { recencyDays frequency monetary rScore fScore mScore score "
            "segment } contributionRank { overall withinRegion } } }",
            {"id": ids[name]},
        )
        rfm = body["data"]["customer"]["rfm"]
        days, count, total = FIXTURE[name]
        assert (rfm["rScore"], rfm["fScore"], rfm["mScore"], rfm["segment"]) == (r, f, m, segment), name
        assert rfm["score"] == r + f + m
        assert rfm["recencyDays"] == days and rfm["frequency"] == count
        assert Decimal(rfm["monetary"]) == Decimal(total)
    none = await gql("query($id: ID!) { customer(id: $id) { rfm { segment frequency rScore } } }", {"id": ids["NONE"]})
    assert none["data"]["customer"]["rfm"] == {"segment": "NONE", "frequency": 0, "rScore": None}
    ranks = {}
    for name in ("HV", "P1", "P3", "NEW"):
        body = await gql(
            "query($id: ID!) { customer(id: $id) { contributionRank { overall withinRegion } } }", {"id": ids[name]}
        )
        ranks[name] = body["data"]["customer"]["contributionRank"]
    assert ranks == {
        "HV": {"overall": 1, "withinRegion": 1},
        "P1": {"overall": 2, "withinRegion": 2},
        "P3": {"overall": 3, "withinRegion": 1},
        "NEW": {"overall": 8, "withinRegion": 5},
    }
    # Segments filter the customer list.
    listed = await gql("{ customers(filter: {rfmSegments: [AT_RISK]}, orderBy: {field: NAME}) { nodes { name } } }")
    assert listed["data"]["customers"]["nodes"] == [{"name": "P1"}, {"name": "P3"}]


async def test_customer_groups_and_contribution_ranking(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    await _fixture(db)
    install()
    await run_job("rfm-refresh", db, settings, NOW)
    await gql.login("rep@demo.example")
    body = await gql(
        "{ customerGroups(by: REGION) { total groups { key customers revenue share } largest { key } smallest { key } } }"
    )
    groups = body["data"]["customerGroups"]
    assert groups["total"] == 9
    assert {g["key"]: (g["customers"], g["revenue"]) for g in groups["groups"]} == {
        "上海市": (6, "1810.00"),  # NEW 50 + POT 600 + LOY 800 + P4 210 + P2 150; NONE's order was cancelled
        "浙江省": (2, "15000.00"),
        "江苏省": (1, "4000.00"),
    }
    assert groups["largest"] == {"key": "上海市"} and groups["smallest"] == {"key": "江苏省"}
    segments = await gql("{ customerGroups(by: RFM_SEGMENT) { groups { key customers } } }")
    counts = {g["key"]: g["customers"] for g in segments["data"]["customerGroups"]["groups"]}
    assert counts == {"at_risk": 2, "dormant": 2, "high_value": 1, "loyal": 1, "new": 1, "potential": 1, "none": 1}
    # Each group's link opens the customer list filtered on it: as many rows as the group counts ("none" holds
    # the customers not scored yet, like one created since the scores were computed).
    await factories.customer(db, await factories.principal(db, "rep@demo.example"), "Unscored", province="江苏省")
    for dimension, filter_key in (("RFM_SEGMENT", "rfmSegments"), ("REGION", "provinces")):
        body = await gql(f"{{ customerGroups(by: {dimension}) {{ groups {{ key customers }} }} }}")
        for group in body["data"]["customerGroups"]["groups"]:
            value = group["key"].upper() if dimension == "RFM_SEGMENT" else group["key"]
            listed = await gql(
                "query($f: CustomerFilter) { customers(filter: $f) { totalCount } }", {"f": {filter_key: [value]}}
            )
            assert listed["data"]["customers"]["totalCount"] == group["customers"], (dimension, group)
    # Revenue in the last 25 days: HV's 9 orders (days 1-9), POT's 4 (days 20-23), NEW's one (day 3).
    period = await gql(
        "query($f: DateTime) { contributionRanking(first: 3, revenueFrom: $f) { rank customer { name } revenue orders } }",
        {"f": (NOW - timedelta(days=25)).isoformat()},
    )
    assert period["data"]["contributionRanking"] == [
        {"rank": 1, "customer": {"name": "HV"}, "revenue": "9000.00", "orders": 9},
        {"rank": 2, "customer": {"name": "POT"}, "revenue": "600.00", "orders": 4},
        {"rank": 3, "customer": {"name": "NEW"}, "revenue": "50.00", "orders": 1},
    ]
    bottom = await gql("{ contributionRanking(first: 1, end: BOTTOM) { customer { name } revenue } }")
    assert bottom["data"]["contributionRanking"] == [{"customer": {"name": "NEW"}, "revenue": "50.00"}]
