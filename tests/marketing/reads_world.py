"""Marketing rows for the read tests on seeded demo data (the demo seeds none): campaigns of two owners with contents,
costs and a ledger with tracking events, a journey with enrollments and step runs (a sealed secret in its graph),
and suppressed addresses. Written straight to the tables, so that every field the web app reads has values."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.customers.models import Contact
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import (
    Campaign,
    CampaignContent,
    CampaignCost,
    MarketingConsent,
    MarketingEvent,
    MarketingMessage,
    MarketingSuppression,
)
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.service import SEALED
from rapport.marketing.models import Segment
from tests import factories

#: Ledger rows of the first campaign: (status, skip reason, events as (kind, machine)).
LEDGER: tuple[tuple[str, str | None, tuple[tuple[str, bool], ...]], ...] = (
    ("sent", None, (("opened", False), ("clicked", False))),
    ("sent", None, (("opened", True),)),
    ("sent", None, (("unsubscribed", False),)),
    ("pending", None, ()),
    ("sending", None, ()),
    ("skipped", "opted_out", ()),
    ("skipped", "no_address", ()),
    ("skipped", "no_address", ()),
    ("skipped", "frequency_cap", ()),
    ("failed", None, ()),
    ("bounced", None, ()),
)

GRAPH = {
    "nodes": [
        {"id": "start", "type": "trigger", "config": {"event": "customer_created"}, "position": {"x": 0, "y": 0}},
        {"id": "wait", "type": "wait", "config": {"days": 2}, "position": {"x": 0, "y": 100}},
        {"id": "hook", "type": "webhook", "config": {"url": "https://hooks.example.com/x", SEALED: "c2VhbGVk"}},
        {"id": "end", "type": "end", "config": {}},
    ],
    "edges": [
        {"source": "start", "target": "wait"},
        {"source": "wait", "target": "hook"},
        {"source": "hook", "target": "end"},
    ],
}


async def marketing_reads(db: Database) -> dict[str, dict[str, Any]]:
    """Plant the rows; sample variables of the marketing workspace's read operations."""
    marketing = await factories.principal(db, "marketing@demo.example")
    manager = await factories.principal(db, "mktmanager@demo.example")
    now = clock.now()
    async with db.write() as session:
        contacts = (await session.execute(select(Contact.id, Contact.customer_id).order_by(Contact.id).limit(12))).all()
        campaigns = []
        for i, owner in enumerate((marketing, manager, marketing)):
            row = Campaign(
                id=uuid7(),
                name=f"Campaign {i}",
                goal="sell" if i else None,
                channels=["email", "sms"] if i == 0 else ["wechat"],
                budget=Decimal("5000.00") if i == 0 else None,
                status=("sending", "draft", "done")[i],
                audience_size=len(contacts) if i != 1 else None,
                scheduled_at=now - timedelta(days=3) if i != 1 else None,
                owner_id=owner.user_id,
                team_id=owner.team_id,
                started_at=now - timedelta(days=2) if i != 1 else None,
                finished_at=now - timedelta(days=1) if i == 2 else None,
                created_at=now - timedelta(hours=10 - i),
                updated_at=now - timedelta(hours=5 - i),
            )
            session.add(row)
            campaigns.append(row)
        await session.flush()
        first = campaigns[0]
        for channel, locale, subject in (
            ("sms", "zh-CN", None),
            ("email", "zh-CN", "专享"),
            ("email", "en", "For you"),
        ):
            session.add(
                CampaignContent(campaign_id=first.id, channel=channel, locale=locale, subject=subject, body="您好")
            )
        for label, amount, day in (("Ads", "1200.50", 2), ("Print", "300.00", 1), ("SMS", "0.05", 1)):
            incurred = date(2026, 11, day)
            session.add(
                CampaignCost(
                    campaign_id=first.id, label=label, amount=Decimal(amount), incurred_on=incurred, created_at=now
                )
            )
        for (contact, customer), (status, reason, events) in zip(contacts, LEDGER, strict=False):
            message = MarketingMessage(
                id=uuid7(),
                campaign_id=first.id,
                contact_id=contact,
                customer_id=customer,
                channel="email",
                source_key=f"campaign:{first.id}:email",
                status=status,
                skip_reason=reason,
                next_attempt_at=now,
                created_at=now,
            )
            session.add(message)
            await session.flush()
            for kind, machine in events:
                session.add(MarketingEvent(message_id=message.id, kind=kind, at=now, machine=machine))
        journey = Journey(
            id=uuid7(),
            name="Welcome",
            status="active",
            graph=GRAPH,
            owner_id=marketing.user_id,
            team_id=marketing.team_id,
            activated_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(journey)
        session.add(
            Journey(
                name="Draft", status="draft", graph={"nodes": [], "edges": []}, owner_id=manager.user_id,
                team_id=manager.team_id, created_at=now - timedelta(days=1), updated_at=now,
            )
        )  # fmt: skip
        await session.flush()
        # The first contact's consents, and a journey's message beside the campaign's (the consent drawer's reads).
        first_contact, first_customer = contacts[0]
        await session.execute(delete(MarketingConsent).where(MarketingConsent.contact_id == first_contact))
        for channel, granted, source in (("email", True, "web_form"), ("sms", False, "sms_reply")):
            session.add(
                MarketingConsent(
                    contact_id=first_contact, channel=channel, granted=granted, source=source,
                    granted_at=now - timedelta(days=3), revoked_at=None if granted else now - timedelta(hours=1),
                    updated_at=now - timedelta(hours=1),
                )
            )  # fmt: skip
        session.add(
            MarketingMessage(
                id=uuid7(), journey_id=journey.id, contact_id=first_contact, customer_id=first_customer,
                channel="sms", source_key=f"journey:{journey.id}:hook", status="skipped", skip_reason="opted_out",
                next_attempt_at=now, created_at=now + timedelta(seconds=1),
            )
        )  # fmt: skip
        statuses = ("active", "waiting", "done", "exited", "failed", "waiting", "done")
        for i, ((contact, customer), status) in enumerate(zip(contacts, statuses, strict=False)):
            node = ("wait", "wait", "end", "hook", "hook", "wait", "end")[i]
            enrollment = JourneyEnrollment(
                id=uuid7(),
                journey_id=journey.id,
                customer_id=customer,
                contact_id=contact,
                status=status,
                current_node=node,
                next_run_at=now + timedelta(days=1) if status in ("active", "waiting") else None,
                entered_at=now - timedelta(hours=i),
                stepped_at=now,
                finished_at=now if status in ("done", "exited", "failed") else None,
                error="HTTP 500" if status == "failed" else None,
            )
            session.add(enrollment)
            await session.flush()
            for step in ("start", "wait", "hook")[: 1 + i % 3]:
                session.add(
                    JourneyStepRun(
                        enrollment_id=enrollment.id, journey_id=journey.id, node_id=step, status="done",
                        started_at=now, finished_at=now,
                    )
                )  # fmt: skip
        for i, (kind, masked) in enumerate(
            (("email", "z***@example.com"), ("phone", "138****5678"), ("email", "a***@x.cn"))
        ):
            session.add(
                MarketingSuppression(
                    kind=kind, digest=bytes([i]) * 16, masked=masked, reason="opted out" if i else None,
                    created_by_id=manager.user_id, created_at=now - timedelta(minutes=i),
                )
            )  # fmt: skip
        segments = [
            Segment(
                id=uuid7(), name=name, description=description, kind=kind, rules=rules, preset=preset,
                owner_id=owner.user_id, team_id=owner.team_id, frozen_at=now - timedelta(days=1) if kind == "static" else None,
                member_count=0 if kind == "static" else None, created_at=now - timedelta(hours=3 - i),
                updated_at=now - timedelta(hours=3 - i),
            )
            for i, (name, description, kind, rules, preset, owner) in enumerate((
                ("沉睡客户", "90 天无订单", "dynamic", {"op": "and", "rules": [{"kind": "noOrder", "days": 90}]},
                 "dormant_winback", marketing),
                ("双十一名单", None, "static", {"op": "and", "rules": []}, None, manager),
                ("Everyone", "all of them", "dynamic", {"op": "or", "rules": []}, None, marketing),
            ))
        ]  # fmt: skip
        session.add_all(segments)
    campaign = to_global_id("Campaign", first.id)
    return {
        "SegmentList": {"first": 2, "after": None, "filter": None},
        "SegmentDetail": {"id": to_global_id("Segment", segments[0].id)},
        "CampaignList": {"first": 2, "after": None, "filter": None},
        "CampaignDetail": {"id": campaign},
        "MarketingJourneys": {"first": 1, "after": None, "includeArchived": False},
        "MarketingJourney": {"id": to_global_id("Journey", journey.id)},
        "MarketingJourneyEnrollments": {"id": to_global_id("Journey", journey.id), "first": 3, "after": None},
        "Suppressions": {"first": 2},
        "MarketingSettings": {},
        "ContactMarketingConsents": {"customerId": to_global_id("Customer", first_customer)},
        "ContactMarketingLedger": {"contactId": to_global_id("Contact", first_contact)},
    }
