"""Attribution through GraphQL: web forms with UTM parameters become one touch each, won deals convert once, and
the figures answer exactly the roles that read order amounts (FORBIDDEN otherwise, never numbers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update

from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.models import Order
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from rapport.marketing.attribution.touches import record_touch, sync_lead_touches
from rapport.marketing.models import MarketingTouch
from rapport.sales.models import Lead, Opportunity, PipelineStage
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.conftest import GraphQLClient, _restore_policy

SUBMIT = "mutation($i: LeadSubmitInput!) { leadSubmit(input: $i) { accepted userErrors { field } } }"
CAMPAIGN = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
T0 = datetime.fromisoformat("2026-03-10T10:00:00+08:00")
MARCH = {"from": "2026-03-01", "to": "2026-04-01"}
FIGURES = """
query($p: MarketingPeriod!, $m: AttributionModel!, $g: MarketingGroupBy!) {
  marketingFigures(period: $p, model: $m, groupBy: $g) {
    campaignId channel reach responses conversions attributedRevenue cost roi
  }
}
"""
COMPARE = "query($p: MarketingPeriod!) { marketingAttributionCompare(period: $p) { model attributedRevenue } }"
RATIO = "query($p: MarketingPeriod!) { marketingSpendRatio(period: $p) { spend salesRevenue ratio } }"
DRILL = """
query($k: ConversionKind!, $id: ID!) {
  conversionTouches(kind: $k, id: $id) { kind revenue touches { kind channel credits { model share revenue } } }
}
"""
#: Who may read the figures (the roles that read order amounts and were granted them).
READERS = {"marketing@demo.example", "analyst@demo.example", "admin@demo.example", "mm@demo.example"}
OTHERS = {"rep@demo.example", "manager@demo.example", "agent@demo.example", "supervisor@demo.example"}


@pytest.fixture
async def world(db: Database, demo: dict[str, Any]) -> dict[str, Any]:
    async with db.write() as session:
        await create_user(
            session, email="mm@demo.example", name="Marketing Manager", password="rapport-demo",
            roles=["marketing_manager"],
        )  # fmt: skip
    rep = await factories.principal(db, "rep@demo.example")
    with clock.frozen_at(T0):
        customer = await factories.customer(db, rep, "Won Customer")
        async with db.write() as session:
            await record_touch(session, customer_id=customer.id, at=T0, kind="message_clicked", channel="email")
            deal = await pipeline.create(session, rep, customer.id, "Deal", Decimal("8000"), None, None)
            won = (await session.execute(select(PipelineStage.id).where(PipelineStage.is_won))).scalar_one()
    with clock.frozen_at(T0 + timedelta(days=2)):
        async with db.write() as session:
            await pipeline.move(session, rep, deal.id, won, None, None)
    return {"deal": deal.id, "customer": customer.id}


async def test_a_web_form_with_utm_becomes_exactly_one_touch(gql: GraphQLClient, db: Database, world: Any) -> None:
    form = {
        "name": "Visitor", "email": "visitor@example.com", "source": "landing-618",
        "utmSource": "baidu", "utmMedium": "cpc", "utmCampaign": CAMPAIGN, "utmTerm": "crm",
    }  # fmt: skip
    with clock.frozen_at(T0):
        assert (await gql(SUBMIT, {"i": form}))["data"]["leadSubmit"] == {"accepted": True, "userErrors": []}
        plain = {"name": "Walk-in", "email": "walkin@example.com", "source": "expo"}
        assert (await gql(SUBMIT, {"i": plain}))["data"]["leadSubmit"]["accepted"] is True
    async with db.read() as session:
        lead = (await session.execute(select(Lead).where(Lead.name == "Visitor"))).scalar_one()
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign, lead.utm_term) == ("baidu", "cpc", CAMPAIGN, "crm")
    for _ in range(2):  # the job runs twice (or on two workers): still one touch per lead
        async with db.write() as session:
            await sync_lead_touches(session)
    async with db.read() as session:
        touches = (await session.execute(select(MarketingTouch).where(MarketingTouch.lead_id.is_not(None)))).scalars()
        by_lead = {t.lead_id: t for t in touches}
        count = (await session.execute(select(func.count()).select_from(MarketingTouch))).scalar_one()
    assert count == 3  # the two forms and the fixture's click
    touch = by_lead[lead.id]
    assert (touch.kind, touch.channel, touch.source, touch.medium, str(touch.campaign_id)) == (
        "lead_form", "cpc", "baidu", "cpc", CAMPAIGN,
    )  # fmt: skip
    assert touch.customer_id is None and touch.at == T0
    walk_in = next(t for t in by_lead.values() if t.lead_id != lead.id)
    assert (walk_in.channel, walk_in.campaign_id) == ("expo", None)
    # the lead is a conversion (no revenue) credited to its own form
    await gql.login("marketing@demo.example")
    drill = await gql(DRILL, {"k": "LEAD", "id": to_global_id("Lead", lead.id)})
    assert drill["data"]["conversionTouches"]["revenue"] == "0.00"
    [only] = drill["data"]["conversionTouches"]["touches"]
    assert only["kind"] == "lead_form" and {c["share"] for c in only["credits"]} == {1.0}
    compare = (await gql(COMPARE, {"p": MARCH}))["data"]["marketingAttributionCompare"]
    assert {row["attributedRevenue"] for row in compare} == {"8000.00"}  # the win; leads add conversions only
    # the lead converts: its touch follows it to the customer
    async with db.write() as session:
        await session.execute(Lead.__table__.update().where(Lead.id == lead.id).values(customer_id=world["customer"]))
        assert (await sync_lead_touches(session)) == {"created": 0, "relinked": 1}
    async with db.read() as session:
        assert (await session.get(MarketingTouch, touch.id)).customer_id == world["customer"]  # type: ignore[union-attr]


async def test_a_won_deal_converts_once(gql: GraphQLClient, world: Any) -> None:
    await gql.login("marketing@demo.example")
    body = await gql(FIGURES, {"p": MARCH, "m": "LINEAR", "g": "CHANNEL"})
    assert "errors" not in body, body
    # the win created an order: the deal is the conversion, its order is not counted again
    assert body["data"]["marketingFigures"] == [
        {
            "campaignId": None, "channel": "email", "reach": 1, "responses": 1, "conversions": 1.0,
            "attributedRevenue": "8000.00", "cost": "0.00", "roi": None,
        }
    ]  # fmt: skip
    ratio = (await gql(RATIO, {"p": MARCH}))["data"]["marketingSpendRatio"]
    assert ratio == {"spend": "0.00", "salesRevenue": "8000.00", "ratio": 0.0}
    deal = to_global_id("Opportunity", world["deal"])
    await gql.login("analyst@demo.example")  # the drill-down of a deal needs its scope and amount (not marketing's)
    drill = (await gql(DRILL, {"k": "OPPORTUNITY_WON", "id": deal}))["data"]["conversionTouches"]
    assert drill["revenue"] == "8000.00" and [t["channel"] for t in drill["touches"]] == ["email"]
    assert {c["model"]: c["revenue"] for c in drill["touches"][0]["credits"]} == dict.fromkeys(
        ("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY"), "8000.00"
    )
    compare = (await gql(COMPARE, {"p": MARCH}))["data"]["marketingAttributionCompare"]
    assert {row["attributedRevenue"] for row in compare} == {"8000.00"} and len(compare) == 5


@pytest.mark.parametrize("email", sorted(READERS | OTHERS))
async def test_figures_answer_the_roles_that_read_order_amounts(gql: GraphQLClient, world: Any, email: str) -> None:
    await gql.login(email)
    for query in (FIGURES, COMPARE, RATIO):
        body = await gql(query, {"p": MARCH, "m": "LAST_TOUCH", "g": "CAMPAIGN"})
        if email in READERS:
            assert "errors" not in body, (email, body)
        else:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (email, body)
            assert body.get("data") is None


#: Who drills into a won deal: the roles that see every opportunity and read its amount (and order amounts).
DEAL_READERS = {"analyst@demo.example", "admin@demo.example"}


@pytest.mark.parametrize("email", sorted(READERS | OTHERS))
async def test_a_won_deals_drill_down_needs_the_deals_scope_and_amount(
    gql: GraphQLClient, world: Any, email: str
) -> None:
    await gql.login(email)
    deal = to_global_id("Opportunity", world["deal"])
    body = await gql(DRILL, {"k": "OPPORTUNITY_WON", "id": deal})
    if email in DEAL_READERS:
        assert body["data"]["conversionTouches"]["revenue"] == "8000.00", (email, body)
    else:
        assert body.get("data") is None or body["data"]["conversionTouches"] is None, (email, body)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (email, body)


@pytest.fixture
async def restore_policy(db: Database) -> AsyncIterator[None]:
    """Put the shipped policy back after the test changes it."""
    yield
    await _restore_policy(db)  # (every test gets it after it too: tests.conftest._clean_tables)


SET = "mutation($i: PermissionSetInput!) { permissionSet(input: $i) { userErrors { field } } }"


async def test_without_order_amounts_the_figures_are_forbidden(
    gql: GraphQLClient, world: Any, restore_policy: None
) -> None:
    await gql.login("admin@demo.example")
    change = {"role": "marketing", "type": "Order", "field": "totalAmount", "access": "NONE"}
    assert (await gql(SET, {"i": change}))["data"]["permissionSet"]["userErrors"] == []
    for email in ("marketing@demo.example", "mm@demo.example"):  # the manager inherits marketing's access
        await gql.login(email)
        deal = to_global_id("Opportunity", world["deal"])
        for query, variables in (
            (FIGURES, {"p": MARCH, "m": "LAST_TOUCH", "g": "CAMPAIGN"}),
            (COMPARE, {"p": MARCH}),
            (RATIO, {"p": MARCH}),
            (DRILL, {"k": "OPPORTUNITY_WON", "id": deal}),
        ):
            body = await gql(query, variables)
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (email, body)
            assert body.get("data") is None
    await gql.login("analyst@demo.example")
    assert "errors" not in await gql(COMPARE, {"p": MARCH})


async def test_a_campaigns_cost_lines_are_its_cost_in_the_figures(
    gql: GraphQLClient, db: Database, demo: dict[str, Any]
) -> None:
    from tests.marketing import world as campaigns

    reader = await campaigns.person(db, "Costly", email="costly@example.com", consent=("email",))
    await gql.login("marketing@demo.example")
    email_only = await campaigns.campaign(gql, await campaigns.segment(db, [reader]), name="Email only")
    both = await campaigns.campaign(gql, await campaigns.segment(db, [reader]), ("EMAIL", "SMS"), name="Both")
    add = """mutation($i: CampaignCostAddInput!) { campaignCostAdd(input: $i) { userErrors { field } } }"""
    for campaign_id, amount in ((email_only, "120.50"), (email_only, "79.50"), (both, "300")):
        line = {"campaignId": campaign_id, "label": "Ads", "amount": amount, "incurredOn": "2026-03-10"}
        assert (await gql(add, {"i": line}))["data"]["campaignCostAdd"]["userErrors"] == []
    figures = """query($g: MarketingGroupBy!) { marketingFigures(period: {from: "2026-03-01", to: "2026-04-01"},
      groupBy: $g) { campaignId channel cost } }"""
    by_campaign = {
        r["campaignId"]: r["cost"] for r in (await gql(figures, {"g": "CAMPAIGN"}))["data"]["marketingFigures"]
    }
    assert (by_campaign[email_only], by_campaign[both]) == ("200.00", "300.00")
    by_channel = {r["channel"]: r["cost"] for r in (await gql(figures, {"g": "CHANNEL"}))["data"]["marketingFigures"]}
    assert (by_channel["email"], by_channel[None]) == ("200.00", "300.00")  # two channels: no single one to charge


async def test_figures_fail_closed_for_a_role_that_does_not_see_every_customer(
    gql: GraphQLClient, world: Any, restore_policy: None
) -> None:
    await gql.login("admin@demo.example")
    change = {"role": "marketing", "type": "Customer", "scopes": ["TEAM"]}
    scoped = await gql("mutation($i: ScopeSetInput!) { scopeSet(input: $i) { userErrors { field } } }", {"i": change})
    assert scoped["data"]["scopeSet"]["userErrors"] == [], scoped
    await gql.login("marketing@demo.example")
    for query in (FIGURES, COMPARE, RATIO):
        body = await gql(query, {"p": MARCH, "m": "LAST_TOUCH", "g": "CAMPAIGN"})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


async def test_a_role_that_may_not_read_deals_counts_their_orders_instead(
    gql: GraphQLClient, db: Database, world: Any
) -> None:
    """Marketing sees neither deals nor their amounts: its figures count the order a won deal created (what it may
    read), never the deal. Here the order was adjusted after the win, so the two differ and tell which was read."""
    async with db.write() as session:
        order_id = await session.scalar(select(Opportunity.order_id).where(Opportunity.id == world["deal"]))
        assert order_id is not None
        await session.execute(update(Order).where(Order.id == order_id).values(total_amount=Decimal("7000")))
    seen = {}
    for email in ("marketing@demo.example", "analyst@demo.example"):
        await gql.login(email)
        figures = (await gql(FIGURES, {"p": MARCH, "m": "LINEAR", "g": "CHANNEL"}))["data"]["marketingFigures"]
        compare = (await gql(COMPARE, {"p": MARCH}))["data"]["marketingAttributionCompare"]
        ratio = (await gql(RATIO, {"p": MARCH}))["data"]["marketingSpendRatio"]
        seen[email] = (
            figures[0]["attributedRevenue"],
            {r["attributedRevenue"] for r in compare},
            ratio["salesRevenue"],
        )
    assert seen["marketing@demo.example"] == ("7000.00", {"7000.00"}, "7000.00")  # the order
    assert seen["analyst@demo.example"] == ("8000.00", {"8000.00"}, "8000.00")  # the deal
