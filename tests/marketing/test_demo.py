"""Marketing's demo data: the dashboard has something to show (reach, cost, attributed revenue, one campaign that
paid off and one that did not), the preset segments have members, the example journey is a valid draft, nothing
went to a contact without consent, and seeding again adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.demo import seed_demo
from rapport.marketing.campaigns.models import Campaign, MarketingMessage
from rapport.marketing.journeys.graph import parse
from rapport.marketing.journeys.models import Journey
from rapport.marketing.models import Segment
from tests.conftest import GraphQLClient

SEEDED_AT = datetime(2026, 12, 7, 3, tzinfo=UTC)  # 11:00 on a Monday in Shanghai
#: The seeded campaigns' period: the last hundred days, as a dashboard's custom period.
PERIOD = {"from": "2026-08-29", "to": "2026-12-08"}
FIGURES = """
query($p: MarketingPeriod!) {
  marketingFigures(period: $p, groupBy: CAMPAIGN) { campaignId reach responses conversions attributedRevenue cost roi }
  marketingAttributionCompare(period: $p) { model conversions attributedRevenue }
  marketingSpendRatio(period: $p) { spend salesRevenue ratio }
  segments(first: 20) { edges { node { name preset kind memberCount } } }
  journeys(first: 10) { edges { node { name status } } }
}
"""


async def _counts(db: Database) -> tuple[int, ...]:
    async with db.read() as session:
        return tuple(
            [
                int((await session.execute(select(func.count()).select_from(model))).scalar_one())
                for model in (Campaign, MarketingMessage, Segment, Journey)
            ]
            + [int((await session.execute(text("SELECT count(*) FROM marketing_touch"))).scalar_one())]
        )


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_the_demo_fills_the_marketing_dashboard(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings, locale: str
) -> None:
    with clock.frozen_at(SEEDED_AT):
        report = await seed_demo(db, settings, locale=locale, random_seed=42, customers=200)
    seeded = report["marketing"]
    assert seeded["segments"] == 3 and seeded["campaigns"] == 4 and seeded["journeys"] == 1
    assert seeded["consents"]["email"] > 100 and seeded["consents"]["opted_out"] > 0
    assert seeded["consents"]["suppressed"] == 2
    assert seeded["messages"]["sent"] > 50 and seeded["messages"]["skipped"] > 0 and seeded["orders"] > 0

    with clock.frozen_at(SEEDED_AT + timedelta(hours=1)):
        for email in ("mktmanager@demo.example", "marketing@demo.example"):
            await gql.login(email)
            body = await gql(FIGURES, {"p": PERIOD})
            assert "errors" not in body, body
            data = body["data"]
            rows = [r for r in data["marketingFigures"] if r["campaignId"]]
            assert len(rows) == 4, rows
            assert all(r["reach"] > 0 and Decimal(r["cost"]) > 0 for r in rows), rows
            assert sum(Decimal(r["attributedRevenue"]) for r in rows) > 0
            rois = [r["roi"] for r in rows]
            assert any(roi is not None and roi > 1 for roi in rois), rois
            assert any(roi is not None and roi < 1 for roi in rois), rois
            assert all(Decimal(m["attributedRevenue"]) > 0 for m in data["marketingAttributionCompare"])
            assert Decimal(data["marketingSpendRatio"]["spend"]) > 0
            presets = {e["node"]["preset"]: e["node"]["memberCount"] for e in data["segments"]["edges"]}
            assert set(presets) >= {"first_purchase", "high_value_repeat", "dormant_winback"}
            assert all(presets[key] > 0 for key in ("first_purchase", "high_value_repeat", "dormant_winback"))
            assert [e["node"]["status"] for e in data["journeys"]["edges"]] == ["DRAFT"]

    async with db.read() as session:
        graph = (await session.execute(select(Journey.graph))).scalar_one()
        parse(graph)  # the example journey is valid as stored
        # Every message that went out went to a contact whose consent for its channel was granted before it.
        unconsented = await session.execute(
            text(
                """SELECT count(*) FROM marketing_message m
                LEFT JOIN marketing_consent c ON c.contact_id = m.contact_id AND c.channel = m.channel
                WHERE m.status NOT IN ('skipped', 'pending') AND (c.granted_at IS NULL OR c.granted_at > m.sent_at
                  OR (c.revoked_at IS NOT NULL AND c.revoked_at < m.sent_at))"""
            )
        )
        assert unconsented.scalar_one() == 0
        reasons = set((await session.execute(select(MarketingMessage.skip_reason).distinct())).scalars())
        assert {"no_consent", "opted_out"} <= reasons
        # Contacts abroad got theirs outside their own quiet hours (21:00-08:00 where they are), held, not skipped.
        abroad = (
            await session.execute(
                text(
                    """SELECT c.time_zone, extract(hour FROM m.sent_at AT TIME ZONE c.time_zone)::int
                    FROM marketing_message m JOIN contact c ON c.id = m.contact_id
                    WHERE c.time_zone IS NOT NULL AND m.sent_at IS NOT NULL"""
                )
            )
        ).all()
        assert {zone for zone, _ in abroad} == {"America/Los_Angeles", "Europe/Berlin"}, abroad
        assert all(8 <= hour < 21 for _, hour in abroad), abroad
        assert "deferred" not in reasons

    before = await _counts(db)
    with clock.frozen_at(SEEDED_AT + timedelta(hours=2)):
        again = await seed_demo(db, settings, locale=locale, random_seed=42, customers=0)
        assert "marketing" not in again
        more = await seed_demo(db, settings, locale=locale, random_seed=43, customers=5)
    assert more["marketing"] == {"skipped": True}
    assert await _counts(db) == before  # the five new customers got no consents, messages or touches


async def test_the_demo_seeds_its_campaigns_when_their_audiences_need_approval(
    demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    """Above the approval threshold (as with `rapport seed --customers 7000`), each demo campaign is approved for the
    recipients it is then scheduled to: the seed does not stop at APPROVAL_REQUIRED."""
    async with db.write() as session:
        await session.execute(text("UPDATE marketing_setting SET approval_threshold = 5"))
    with clock.frozen_at(SEEDED_AT):
        report = await seed_demo(db, settings, locale="zh_CN", random_seed=42, customers=200)
    assert report["marketing"]["campaigns"] == 4
    async with db.read() as session:
        approved = await session.scalar(
            select(func.count()).where(Campaign.approved_at.is_not(None), Campaign.approved_recipients > 5)
        )
    assert approved == 4
