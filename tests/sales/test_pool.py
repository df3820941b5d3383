"""The public pool on a fake clock: warning, reclaim, exemption, per-grade rules, claims, cooldown, allocation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from rapport.activities.models import Notification
from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database, create_engine
from rapport.core.jobs import run_job
from rapport.customers.models import Customer
from rapport.graphql.node import to_global_id
from rapport.sales.models import PoolMovement
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.conftest import GraphQLClient, app_document
from tests.sales.conftest import Sales, call

T0 = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
ERRORS = "userErrors { field code message }"
CLAIM = f"customer {{ name owner {{ email }} poolStatus poolDaysLeft }} claimsLeft {ERRORS}"


async def _customer(db: Database, sales: Sales, name: str, **values: Any) -> uuid.UUID:
    with clock.frozen_at(T0):
        return (await factories.customer(db, sales.rep, name, **values)).id


async def _job(db: Database, settings: Settings, at: datetime) -> dict[str, Any]:
    install()
    return await run_job("pool-reclaim", db, settings, at)


async def _state(db: Database, customer_id: uuid.UUID) -> tuple[str, uuid.UUID | None]:
    async with db.read() as session:
        row = await session.get(Customer, customer_id)
        assert row is not None
        return row.pool_status, row.owner_id


async def test_owners_are_warned_once_then_idle_customers_return_to_the_pool(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    idle = await _customer(db, sales, "Idle Co")
    followed = await _customer(db, sales, "Followed Co")
    assert await _job(db, settings, T0 + timedelta(days=26)) == {"warned": 0, "reclaimed": 0}
    warn_at = T0 + timedelta(days=27, hours=1)
    assert await _job(db, settings, warn_at) == {"warned": 2, "reclaimed": 0}
    assert await _job(db, settings, warn_at + timedelta(hours=1)) == {"warned": 0, "reclaimed": 0}  # once
    await gql.login("rep@demo.example")
    with clock.frozen_at(warn_at):
        body = await gql(
            "query($id: ID!) { customer(id: $id) { poolDaysLeft } }", {"id": to_global_id("Customer", idle)}
        )
        assert body["data"]["customer"]["poolDaysLeft"] == 3  # 2 days 23 hours, rounded up
        notes = await gql("{ notifications { nodes { kind title } } }")
    assert {"kind": "pool_warning", "title": "Idle Co: back to the pool soon"} in notes["data"]["notifications"][
        "nodes"
    ]
    # The owner follows one of them up: its clock starts again.
    await factories.activities(db, sales.rep, followed, 1, start=T0 + timedelta(days=28), step=timedelta(0))
    assert await _job(db, settings, T0 + timedelta(days=30, hours=1)) == {"warned": 0, "reclaimed": 1}
    assert await _state(db, idle) == ("public", None)
    assert await _state(db, followed) == ("private", sales.rep.user_id)
    async with db.read() as session:
        kinds = (await session.execute(select(PoolMovement.kind).where(PoolMovement.customer_id == idle))).scalars()
        assert sorted(kinds) == ["reclaimed", "warned"]
        told = (
            await session.execute(select(Notification.kind).where(Notification.user_id == sales.rep.user_id))
        ).scalars()
        assert "pool_reclaimed" in list(told)
    # Directors see the movements in the customer's timeline.
    await gql.login("director@demo.example")
    body = await gql(
        "query($id: ID!) { customer(id: $id) { poolStatus owner { email } timeline { nodes { __typename "
        "... on PoolMovementEntry { kind user { email } actor { email } data } } } } }",
        {"id": to_global_id("Customer", idle)},
    )
    customer = body["data"]["customer"]
    assert customer["poolStatus"] == "PUBLIC" and customer["owner"] is None
    assert customer["timeline"]["nodes"] == [
        {
            "__typename": "PoolMovementEntry",
            "kind": "RECLAIMED",
            "user": {"email": "rep@demo.example"},
            "actor": None,
            "data": {"days": 30},
        },
        {
            "__typename": "PoolMovementEntry",
            "kind": "WARNED",
            "user": {"email": "rep@demo.example"},
            "actor": None,
            "data": {"days": 30},
        },
    ]


async def test_an_open_deal_at_contract_or_later_keeps_the_customer_and_grades_have_their_own_rules(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    at_contract = await _customer(db, sales, "Contract Co")
    at_quote = await _customer(db, sales, "Quote Co")
    grade_a = await _customer(db, sales, "Grade A Co", grade="A")
    with clock.frozen_at(T0):
        async with db.write() as session:
            for customer_id, stage in ((at_contract, "contract"), (at_quote, "quote")):
                opp = await pipeline.create(session, sales.rep, customer_id, "Deal", Decimal("1000"), None, None)
                await pipeline.move(session, sales.rep, opp.id, sales.raw_stages[stage], None, None)
    await gql.login("admin@demo.example")
    saved = await call(
        gql,
        "poolRuleSave",
        "PoolRuleInput",
        {"grade": "A", "daysWithoutFollowUp": 60, "warnDaysBefore": 5},
        f"rule {{ grade daysWithoutFollowUp }} {ERRORS}",
    )
    assert saved["rule"] == {"grade": "A", "daysWithoutFollowUp": 60}
    bad = await call(gql, "poolRuleSave", "PoolRuleInput", {"daysWithoutFollowUp": 3, "warnDaysBefore": 3}, ERRORS)
    assert bad["userErrors"][0]["field"] == "warnDaysBefore"
    assert await _job(db, settings, T0 + timedelta(days=31)) == {"warned": 0, "reclaimed": 1}
    assert (await _state(db, at_quote))[0] == "public"
    assert (await _state(db, at_contract))[0] == "private"
    assert (await _state(db, grade_a))[0] == "private"
    await gql.login("rep@demo.example")
    with clock.frozen_at(T0 + timedelta(days=31)):
        body = await gql(
            "query($a: ID!, $c: ID!) { a: customer(id: $a) { poolDaysLeft } c: customer(id: $c) { poolDaysLeft } }",
            {"a": to_global_id("Customer", grade_a), "c": to_global_id("Customer", at_contract)},
        )
    assert body["data"] == {"a": {"poolDaysLeft": 29}, "c": {"poolDaysLeft": None}}
    assert await _job(db, settings, T0 + timedelta(days=61)) == {"warned": 0, "reclaimed": 1}
    assert (await _state(db, grade_a))[0] == "public"


async def test_a_request_answered_as_prepared_reads_the_time_of_its_own_run(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    """The compiled path keeps a web app's request it checked and built (`rapport.graphql.prepared`) with its values
    bound, except the current time: the same request later counts the days from later."""
    await _customer(db, sales, "Clock Co")
    watchlist = app_document("HomePoolWatchlist")
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    await gql.login("rep@demo.example")
    days = []
    for later in (1, 11, 26):
        with clock.frozen_at(T0 + timedelta(days=later)):
            body = await gql(watchlist, {"first": 10, "withinDays": 30})
        days.append([row["poolDaysLeft"] for row in body["data"]["poolWatchlist"] if row["name"] == "Clock Co"])
        if later == 1:
            kept, served = len(compiled.prepared), compiled.served
    assert days == [[29], [19], [4]]
    assert (len(compiled.prepared), compiled.served) == (kept, served + 2), "not answered as prepared"


async def _release(db: Database, sales: Sales, settings: Settings, *names: str) -> list[uuid.UUID]:
    ids = [await _customer(db, sales, name) for name in names]
    assert (await _job(db, settings, T0 + timedelta(days=31)))["reclaimed"] == len(names)
    return ids


async def test_reps_see_only_what_the_policy_allows_of_pool_customers_until_they_claim_one(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    from rapport.customers.service import ContactDraft

    with clock.frozen_at(T0):
        released = await factories.customer(
            db,
            sales.rep,
            "Pool Co",
            industry="制造业",
            province="浙江省",
            contacts=[ContactDraft("王五", phones=["13900001111"])],
        )
    await _job(db, settings, T0 + timedelta(days=31))
    gid = to_global_id("Customer", released.id)
    await gql.login("rep2@demo.example")
    listed = await gql("{ publicPool { totalCount nodes { id name industry province inPoolSince } } }")
    assert listed["data"]["publicPool"]["nodes"] == [
        {
            "id": gid,
            "name": "Pool Co",
            "industry": "制造业",
            "province": "浙江省",
            "inPoolSince": listed["data"]["publicPool"]["nodes"][0]["inPoolSince"],
        }
    ]
    hidden = await gql(
        "query($id: ID!) { customer(id: $id) { name contacts { phones } } node(id: $id) { id } }", {"id": gid}
    )
    assert hidden["data"] == {"customer": None, "node": None}
    filtered = await gql('{ publicPool(filter: {provinces: ["北京市"]}) { nodes { name } } }')
    assert filtered["data"]["publicPool"]["nodes"] == []
    # An analyst has no pool access at all.
    await gql.login("analyst@demo.example")
    assert (await gql("{ publicPool { nodes { name } } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("rep2@demo.example")
    with clock.frozen_at(T0 + timedelta(days=32)):
        claimed = await call(gql, "poolClaim", "PoolClaimInput", {"customerId": gid}, CLAIM)
    assert claimed == {
        "customer": {
            "name": "Pool Co",
            "owner": {"email": "rep2@demo.example"},
            "poolStatus": "PRIVATE",
            "poolDaysLeft": 30,
        },
        "claimsLeft": 4,
        "userErrors": [],
    }
    full = await gql("query($id: ID!) { customer(id: $id) { contacts { phones } } }", {"id": gid})
    assert full["data"]["customer"]["contacts"] == [{"phones": ["+8613900001111"]}]
    # A claimed customer is no longer in the pool.
    again = await gql(
        "mutation($i: PoolClaimInput!) { poolClaim(input: $i) { userErrors { code } } }", {"i": {"customerId": gid}}
    )
    assert again["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_daily_claim_limit_and_the_cooldown_hold(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    await gql.login("admin@demo.example")
    await call(gql, "poolRuleSave", "PoolRuleInput", {"dailyClaimLimit": 2, "reclaimCooldownDays": 7}, ERRORS)
    ids = await _release(db, sales, settings, "P1", "P2", "P3")
    day = T0 + timedelta(days=32)
    await gql.login("rep2@demo.example")
    with clock.frozen_at(day):
        assert (await gql("{ poolClaimsLeft }"))["data"]["poolClaimsLeft"] == 2
        results = [
            await call(
                gql, "poolClaim", "PoolClaimInput", {"customerId": to_global_id("Customer", i)}, f"claimsLeft {ERRORS}"
            )
            for i in ids
        ]
    assert [r["claimsLeft"] for r in results[:2]] == [1, 0]
    assert results[2]["userErrors"][0]["code"] == "CLAIM_LIMIT"
    assert (await _state(db, ids[2]))[0] == "public"
    with clock.frozen_at(day + timedelta(days=1)):
        assert (
            await call(gql, "poolClaim", "PoolClaimInput", {"customerId": to_global_id("Customer", ids[2])}, ERRORS)
        )["userErrors"] == []
    # rep lost these customers to the pool on day 31: they may not claim one back for 7 days.
    lost = await _release(db, sales, settings, "Mine again")
    await gql.login("rep@demo.example")
    gid = to_global_id("Customer", lost[0])
    with clock.frozen_at(T0 + timedelta(days=37)):
        early = await call(gql, "poolClaim", "PoolClaimInput", {"customerId": gid}, ERRORS)
    assert early["userErrors"][0]["code"] == "COOLDOWN"
    with clock.frozen_at(T0 + timedelta(days=38, hours=1)):
        later = await call(
            gql, "poolClaim", "PoolClaimInput", {"customerId": gid}, f"customer {{ owner {{ email }} }} {ERRORS}"
        )
    assert later == {"customer": {"owner": {"email": "rep@demo.example"}}, "userErrors": []}


async def test_concurrent_claims_cannot_exceed_the_daily_limit(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    from rapport.sales.pool import service as pool

    await gql.login("admin@demo.example")
    await call(gql, "poolRuleSave", "PoolRuleInput", {"dailyClaimLimit": 2}, ERRORS)
    ids = await _release(db, sales, settings, "C1", "C2", "C3", "C4")

    async def claim(customer_id: uuid.UUID) -> bool:
        try:
            async with db.write() as session:
                await pool.claim(session, sales.rep2, customer_id)
            return True
        except Exception:
            return False

    with clock.frozen_at(T0 + timedelta(days=32)):
        outcomes = await asyncio.gather(*(claim(i) for i in ids))
    assert sum(outcomes) == 2


async def test_managers_allocate_pool_customers_within_their_team(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    ids = await _release(db, sales, settings, "A1", "A2")
    await gql.login("manager@demo.example")
    outside = await call(
        gql,
        "poolAllocate",
        "PoolAllocateInput",
        {"customerId": to_global_id("Customer", ids[0]), "userId": sales.users["rep2@demo.example"]},
        ERRORS,
    )
    assert outside["userErrors"][0]["field"] == "userId"  # rep2 is in North Sales, not the manager's East
    inside = await call(
        gql,
        "poolAllocate",
        "PoolAllocateInput",
        {"customerId": to_global_id("Customer", ids[0]), "userId": sales.users["rep@demo.example"]},
        f"customer {{ owner {{ email }} }} {ERRORS}",
    )
    assert inside == {"customer": {"owner": {"email": "rep@demo.example"}}, "userErrors": []}
    await gql.login("rep@demo.example")
    denied = await gql(
        "mutation($i: PoolAllocateInput!) { poolAllocate(input: $i) { userErrors { code } } }",
        {"i": {"customerId": to_global_id("Customer", ids[1]), "userId": sales.users["rep@demo.example"]}},
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    notes = await gql("{ notifications { nodes { kind } } }")
    assert {"kind": "pool_allocated"} in notes["data"]["notifications"]["nodes"]
    # Directors allocate to anyone.
    await gql.login("director@demo.example")
    anyone = await call(
        gql,
        "poolAllocate",
        "PoolAllocateInput",
        {"customerId": to_global_id("Customer", ids[1]), "userId": sales.users["rep2@demo.example"]},
        ERRORS,
    )
    assert anyone["userErrors"] == []


async def test_two_job_workers_reclaim_each_customer_exactly_once(
    sales: Sales, db: Database, settings: Settings
) -> None:
    names = [f"Idle {i}" for i in range(40)]
    ids = [await _customer(db, sales, name) for name in names]
    assert settings.database_url
    workers = [Database(create_engine(settings.database_url, pool_size=2)) for _ in range(2)]
    try:
        install()
        at = T0 + timedelta(days=31)
        results = await asyncio.gather(*(run_job("pool-reclaim", w, settings, at) for w in workers))
    finally:
        for w in workers:
            await w.dispose()
    assert sum(r["reclaimed"] for r in results) == 40
    async with db.read() as session:
        movements = (
            await session.execute(
                select(PoolMovement.customer_id, func.count())
                .where(PoolMovement.kind == "reclaimed")
                .group_by(PoolMovement.customer_id)
            )
        ).all()
        told = (await session.execute(select(func.count()).where(Notification.kind == "pool_reclaimed"))).scalar_one()
    assert sorted(m[0] for m in movements) == sorted(ids) and {m[1] for m in movements} == {1}
    assert told == 40


async def test_claiming_a_customer_brings_its_open_deals_along(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    customer_id = await _customer(db, sales, "With a deal")
    with clock.frozen_at(T0):
        async with db.write() as session:
            await pipeline.create(session, sales.rep, customer_id, "Early deal", Decimal("1000"), None, None)
    await _job(db, settings, T0 + timedelta(days=31))
    await gql.login("rep2@demo.example")
    with clock.frozen_at(T0 + timedelta(days=32)):
        claimed = await call(
            gql,
            "poolClaim",
            "PoolClaimInput",
            {"customerId": to_global_id("Customer", customer_id)},
            f"customer {{ opportunities {{ name owner {{ email }} }} }} {ERRORS}",
        )
    assert claimed["customer"]["opportunities"] == [{"name": "Early deal", "owner": {"email": "rep2@demo.example"}}]


async def test_the_watchlist_shows_my_customers_closest_to_the_pool_first(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    await _customer(db, sales, "Soon")
    later = await _customer(db, sales, "Later")
    await factories.activities(db, sales.rep, later, 1, start=T0 + timedelta(days=5), step=timedelta(0))
    with clock.frozen_at(T0):
        await factories.customer(db, sales.rep2, "Not mine")
    await gql.login("rep@demo.example")
    query = "query($d: Int!) { poolWatchlist(withinDays: $d) { name poolDaysLeft } }"
    with clock.frozen_at(T0 + timedelta(days=25)):
        week = (await gql(query, {"d": 7}))["data"]["poolWatchlist"]
        month = (await gql(query, {"d": 30}))["data"]["poolWatchlist"]
        bad = await gql(query, {"d": 0})
    assert week == [{"name": "Soon", "poolDaysLeft": 5}]
    assert month == [{"name": "Soon", "poolDaysLeft": 5}, {"name": "Later", "poolDaysLeft": 10}]
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
