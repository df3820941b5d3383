"""Demo data of sales: assignment rules, targets, a pipeline with history, leads, and a filled public pool."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.customers.service import customer_rows
from rapport.identity.demo import DEMO_USERS
from rapport.identity.service import acting_as
from rapport.sales.figures.service import set_target
from rapport.sales.leads import service as leads
from rapport.sales.leads.rules import save_lead_rule
from rapport.sales.models import Opportunity
from rapport.sales.pipeline import service as pipeline
from rapport.sales.pipeline.repository import PipelineRepository
from rapport.sales.pool import service as pool
from rapport.sales.win_history import seed_deal_history

#: Closed deals of the past two years planted with a win/loss signal (too few for a learned model: small-data mode).
PAST_DEALS = 240
#: The stage each demo opportunity ends in, in turn (None: stays in the first stage).
OUTCOMES = [None, "quote", "contract", "payment", "won", "lost", "won", "contract", "quote", "won"]
AMOUNTS = [8000, 15000, 30000, 48000, 80000, 120000, 260000]
LOST_REASONS = [
    ("价格高于竞争对手", "Price above a competitor's"),
    ("预算取消", "Budget cancelled"),
    ("选择了自研", "Built it in-house"),
]
DEAL_NAMES = [
    ("年度采购", "Annual purchase"),
    ("系统升级", "System upgrade"),
    ("扩容项目", "Expansion"),
    ("试点", "Pilot"),
]
LEAD_NAMES_ZH = ["陈静", "刘强", "赵敏", "黄磊", "周婷", "吴昊", "郑洁", "孙悦", "马超", "朱琳", "胡军", "郭芳"]
LEAD_NAMES_EN = ["Ava Chen", "Liam Liu", "Mia Zhao", "Noah Huang", "Emma Zhou", "Lucas Wu", "Olivia Zheng", "Ethan Sun"]
PROVINCES = [
    ("浙江省", "Zhejiang"),
    ("上海市", "Shanghai"),
    ("江苏省", "Jiangsu"),
    ("北京市", "Beijing"),
    ("天津市", "Tianjin"),
    ("广东省", "Guangdong"),
]


async def _owned_customers(session: AsyncSession, owners: list[uuid.UUID], limit: int) -> list[Any]:
    """The first customers (by creation) of these owners, not merged into another."""
    stmt = customer_rows()
    c = stmt.selected_columns
    stmt = stmt.where(c.owner_id.in_(owners), c.merged_into_id.is_(None)).order_by(c.created_at, c.id).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def seed_sales(session: AsyncSession, locale: str, random_seed: int) -> dict[str, Any]:
    """Create the sales demo data once (nothing when opportunities exist already)."""
    if (await session.execute(select(func.count()).select_from(Opportunity))).scalar_one():
        return {"skipped": True}
    zh = locale.startswith("zh")
    rng = random.Random(random_seed + 6)  # noqa: S311 - demo data
    now = clock.now()
    found = {demo.email: await acting_as(session, demo.email) for demo in DEMO_USERS}
    people: dict[str, Principal] = {email: p for email, p in found.items() if p is not None}
    if "director@demo.example" not in people:
        return {"skipped": True}
    admin_p, director = people["admin@demo.example"], people["director@demo.example"]
    east, north = people["rep@demo.example"].team_id, people["rep2@demo.example"].team_id
    root = director.team_id
    # Assignment: east and north provinces go round robin to their teams; anything else round robin company-wide.
    for position, (province_zh, province_en) in enumerate(PROVINCES[:5]):
        team = east if position < 3 else north
        values = {"position": 10 + position, "kind": "territory", "province": province_zh if zh else province_en}
        await save_lead_rule(session, admin_p, None, None, {**values, "team_id": team})
    await save_lead_rule(session, admin_p, None, None, {"position": 100, "kind": "round_robin", "team_id": root})
    # Targets for this month and quarter.
    month = now.astimezone(clock.BUSINESS_TZ).date().replace(day=1)
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    for subject, monthly in (
        ({"user_id": people["rep@demo.example"].user_id}, 300000),
        ({"user_id": people["rep2@demo.example"].user_id}, 250000),
        ({"team_id": east}, 600000),
        ({"team_id": north}, 450000),
        ({"team_id": root}, 1200000),
    ):
        base = {"user_id": None, "team_id": None, **subject}
        await set_target(session, admin_p, period="month", period_start=month, amount=Decimal(monthly), **base)
        await set_target(session, admin_p, period="quarter", period_start=quarter, amount=Decimal(monthly * 3), **base)
    # A pipeline with history: deals opened over the last five months, moved stage by stage.
    stages = {s.key: s for s in await PipelineRepository(session).stages()}
    order = ["needs_analysis", "quote", "contract", "payment", "won"]
    owners = {p.user_id: p for p in people.values() if "sales_rep" in p.roles or "sales_manager" in p.roles}
    customers = await _owned_customers(session, list(owners), 60)
    deals = pending = 0
    for i, customer in enumerate(customers):
        assert customer.owner_id is not None
        owner = owners[customer.owner_id]
        outcome = OUTCOMES[i % len(OUTCOMES)]
        amount = Decimal(rng.choice(AMOUNTS))
        opened = now - timedelta(days=rng.randrange(10, 150), hours=rng.randrange(0, 9))
        name_zh, name_en = DEAL_NAMES[i % len(DEAL_NAMES)]
        with clock.frozen_at(opened):
            expected = (opened + timedelta(days=rng.randrange(20, 120))).date()
            opp = await pipeline.create(
                session, owner, customer.id, f"{customer.name} {name_zh if zh else name_en}", amount, None, expected
            )
        deals += 1
        path = order[1 : order.index(outcome) + 1] if outcome in order else (["quote", "lost"] if outcome else [])
        at = opened
        for key in path:
            at = min(now - timedelta(hours=1), at + timedelta(days=rng.randrange(2, 12)))
            reason = rng.choice(LOST_REASONS)[0 if zh else 1] if key == "lost" else None
            with clock.frozen_at(at):
                move = await pipeline.move(session, owner, opp.id, stages[key].id, None, reason)
            if move.approval is not None:
                if pending == 0 and owner.email == "rep@demo.example":
                    pending += 1  # one request waits for the director
                    break
                at = min(now - timedelta(minutes=30), at + timedelta(days=1))
                with clock.frozen_at(at):
                    await pipeline.decide(session, director, move.approval.id, True, "同意" if zh else "Approved")
    # Leads from forms, fairs and imports, assigned by the rules; some worked on, some converted.
    names = LEAD_NAMES_ZH if zh else LEAD_NAMES_EN
    captured = converted = 0
    for i in range(24):
        province_zh, province_en = PROVINCES[i % len(PROVINCES)]
        with clock.frozen_at(now - timedelta(days=rng.randrange(0, 45), hours=rng.randrange(0, 12))):
            result = await leads.capture(
                session,
                leads.LeadDraft(
                    name=names[i % len(names)] if i < len(names) else f"{names[i % len(names)]} {i}",
                    source=rng.choice(["web", "web", "expo", "referral", "import"]),
                    company=(f"{province_zh[:2]}科技{i}号" if zh else f"{province_en} Tech {i}") if i % 3 else None,
                    phone=f"1{rng.choice([35, 37, 38, 39, 58])}{rng.randrange(10**8):08d}",
                    email=f"lead{i}@example.cn",
                    province=province_zh if zh else province_en,
                    message=("想了解报价" if zh else "Please send a quote") if i % 2 else None,
                    score=rng.randrange(20, 95),
                ),
                None,
            )
        captured += 1
        lead = result.lead
        if lead is None or lead.owner_id is None or lead.owner_id not in owners:
            continue
        owner = owners[lead.owner_id]
        if i % 6 == 1:
            await leads.set_status(session, owner, lead.id, "working")
        elif i % 6 == 2:
            await leads.set_status(session, owner, lead.id, "qualified")
        elif i % 6 == 3:
            await leads.set_status(session, owner, lead.id, "disqualified")
        elif i % 6 == 4 and lead.company:
            await leads.convert(session, owner, lead.id, customer_id=None, opportunity_name=None, amount=Decimal(20000))
            converted += 1
    history = await seed_deal_history(session, PAST_DEALS, random_seed, zh)
    # Owners who stopped following up get warned, then lose the customer to the public pool.
    warned = await pool.warn(session, now)
    reclaimed = await pool.reclaim(session, now)
    return {
        "opportunities": deals,
        "past_deals": history,
        "pending_approvals": pending,
        "leads": captured,
        "converted": converted,
        "pool_warned": warned,
        "pool_reclaimed": reclaimed,
    }
