"""Demo data of marketing: contacts' consents (a few opt-outs), suppressed addresses, the preset segments, four
campaigns of the last three months with their ledger, tracking, touches, costs and the orders that followed, and a
draft of the requirement's example journey."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core import clock
from rapport.core.i18n import render
from rapport.core.principal import Principal
from rapport.customers.orders import LineDraft, OrderDraft, upsert_orders
from rapport.customers.service import contacts_of_customers, customer_order_count, customer_rows, recipients
from rapport.identity.service import acting_as
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.consent import service as consent
from rapport.marketing.demo_campaigns import PLANS, place_orders, report_counts, send_campaign
from rapport.marketing.journeys import service as journeys
from rapport.marketing.segments import presets
from rapport.marketing.segments import service as segments

#: At most this many contacts are given consents (a bound on the time a large seed takes).
CONSENT_CONTACTS = 2000
SOURCES = ("web_form", "web_form", "offline_event", "phone_call", "wechat_follow", "import")
#: New customers whose first order came lately (the 新客首购 segment has members however the customers fell).
FIRST_BUYERS = 8


async def _people(session: AsyncSession) -> dict[str, Principal] | None:
    found = {
        key: await acting_as(session, email)
        for key, email in (
            ("marketing", "marketing@demo.example"),
            ("manager", "mktmanager@demo.example"),
            ("admin", "admin@demo.example"),
        )
    }
    if any(p is None for p in found.values()):
        return None
    return {key: p for key, p in found.items() if p is not None}


async def _contacts(session: AsyncSession) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(contact, customer) of live customers, by contact id, at most CONSENT_CONTACTS."""
    stmt = customer_rows()
    c = stmt.selected_columns
    ids = stmt.with_only_columns(c.id).where(c.merged_into_id.is_(None))
    rows = await session.execute(contacts_of_customers(ids))
    pairs = sorted((r[0], r[1]) for r in rows)
    return pairs[:CONSENT_CONTACTS]


async def _consents(
    session: AsyncSession, admin: Principal, contacts: list[tuple[uuid.UUID, uuid.UUID]], rng: random.Random
) -> dict[str, int]:
    """Email consent for most contacts, SMS for about half, each from a source at a time; a few opt-outs; the
    addresses of two contacts suppressed."""
    now = clock.now()
    counts = dict.fromkeys(("email", "sms", "opted_out", "suppressed"), 0)
    for contact_id, _ in contacts:
        for channel, rate in (("email", 0.85), ("sms", 0.55)):
            if rng.random() >= rate:
                continue
            with clock.frozen_at(now - timedelta(days=rng.randrange(100, 700), minutes=rng.randrange(0, 600))):
                await consent.set_consent(session, contact_id, channel, True, rng.choice(SOURCES))
            counts[channel] += 1
            if rng.random() < 0.04:  # opted out later, by the link in a message or by replying T
                with clock.frozen_at(now - timedelta(days=rng.randrange(91, 99))):
                    source = "unsubscribe_link" if channel == "email" else "sms_reply"
                    await consent.set_consent(session, contact_id, channel, False, source)
                counts["opted_out"] += 1
    found = await recipients(session, [contact_id for contact_id, _ in contacts[-40:]])
    emails = [r.email for r in found.values() if r.email]
    phones = [r.phone for r in found.values() if r.phone]
    for address, reason in ((emails[-1] if emails else None, "投诉"), (phones[0] if phones else None, "hard_bounce")):
        if address:
            await consent.suppress(session, admin, address, reason)
            counts["suppressed"] += 1
    return counts


async def _first_buyers(session: AsyncSession, admin: Principal, rng: random.Random) -> int:
    """A few customers who never ordered placed their first order three to four weeks ago."""
    stmt = customer_rows()
    c = stmt.selected_columns
    none_yet = (
        stmt.with_only_columns(c.id)
        .where(c.merged_into_id.is_(None), customer_order_count(c.id, None) == 0)
        .order_by(c.created_at, c.id)
        .limit(FIRST_BUYERS)
    )
    now = clock.now()
    drafts = [
        OrderDraft(
            external_id=f"demo-mkt-first-{i + 1}",
            ordered_at=now - timedelta(days=rng.randrange(19, 27), hours=rng.randrange(0, 8)),
            customer_id=customer_id,
            channel="online",
            lines=[LineDraft(rng.choice(["SKU-1002", "SKU-3001", "SKU-2001"]), 1)],
        )
        for i, customer_id in enumerate((await session.scalars(none_yet)).all())
    ]
    results = await upsert_orders(session, admin, drafts)
    return sum(1 for result in results if result.order is not None)


def example_journey(zh: bool) -> dict[str, Any]:
    """The requirement's example: a product page view → an SMS coupon → 24 hours → ordered? no → ad audience."""
    coupon = {
        "zh-CN": {"subject": "", "body": "{{contact.name}}您好，您浏览的商品送您 50 元优惠券，24 小时内有效。"},
        "en": {"subject": "", "body": "Hi {{contact.name}}, a ¥50 coupon for the product you viewed, valid 24 hours."},
    }
    nodes = [
        ("start", "trigger", {"kind": "page_view", "pattern": "/product/"}),
        ("coupon", "send", {"channel": "sms", "content": coupon}),
        ("wait", "wait", {"hours": 24}),
        ("ordered", "condition", {"kind": "ordered_within", "hours": 24, "since": "entered"}),
        # Marketing reads tags only (tag nodes need Customer.tags write): the owner thanks the buyer instead.
        ("buyer", "task", {"title": "回访用券下单的客户" if zh else "Thank the coupon buyer", "dueInHours": 48}),
        (
            "ads",
            "audience",
            {
                "mode": "webhook",
                "audience": "no-order-24h",
                "url": "https://ads.example.com/audiences/no-order-24h",
                "secret": "whsec_ZGVtby1hZC1wbGF0Zm9ybS1zZWNyZXQ=",
            },
        ),
    ]
    places = {"start": (0, 0), "coupon": (0, 120), "wait": (0, 240), "ordered": (0, 360), "buyer": (-160, 480)}
    return {
        "nodes": [
            {
                "id": key,
                "type": kind,
                "config": config,
                "position": dict(zip("xy", places.get(key, (160, 480)), strict=True)),
            }
            for key, kind, config in nodes
        ],
        "edges": [
            {"source": "start", "target": "coupon", "branch": None},
            {"source": "coupon", "target": "wait", "branch": None},
            {"source": "wait", "target": "ordered", "branch": None},
            {"source": "ordered", "target": "buyer", "branch": "yes"},
            {"source": "ordered", "target": "ads", "branch": "no"},
        ],
    }


async def seed_marketing(session: AsyncSession, locale: str, random_seed: int, settings: Settings) -> dict[str, Any]:
    """Create marketing's demo data once (nothing when a campaign exists already)."""
    if (await session.execute(select(func.count()).select_from(Campaign))).scalar_one():
        return {"skipped": True}
    people = await _people(session)
    if people is None:
        return {"skipped": True}
    zh = locale.startswith("zh")
    language = "zh-CN" if zh else "en"
    rng = random.Random(random_seed + 11)  # noqa: S311 - demo data
    contacts = await _contacts(session)
    if not contacts:
        return {"skipped": True}
    report: dict[str, Any] = {"consents": await _consents(session, people["admin"], contacts, rng)}
    report["first_orders"] = await _first_buyers(session, people["admin"], rng)
    saved: dict[str, uuid.UUID] = {}
    for preset in presets.PRESETS:
        with clock.frozen_at(clock.now() - timedelta(days=100)):
            segment = await segments.save_segment(
                session,
                people["marketing"],
                None,
                None,
                {
                    "name": render(preset.name, language),
                    "description": render(preset.description, language),
                    "rules": preset.rules,
                    "preset": preset.key,
                },
            )
        saved[preset.key] = segment.id
    report["segments"] = len(saved)
    counts = report_counts()
    clicked = []
    for plan in sorted(PLANS, key=lambda p: -p.days_ago):
        clicked += await send_campaign(session, plan, saved[plan.preset], people, zh, rng, counts)
    report["campaigns"] = len(PLANS)
    report["messages"] = counts
    report["orders"] = await place_orders(session, people["admin"], clicked, rng)
    draft = journeys.JourneyDraft(
        name="浏览商品未下单挽回" if zh else "Product viewers who did not order", graph=example_journey(zh)
    )
    await journeys.save(session, people["marketing"], None, draft, settings)
    report["journeys"] = 1
    return report
