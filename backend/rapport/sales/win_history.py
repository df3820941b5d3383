"""Demo deal history with a win/loss signal: closed deals whose outcome follows realistic patterns, with noise.

Engaged deals (more follow-up, a fast response at the quote stage) are won more often; long stalls end in losses;
large amounts are harder to win, repeat customers easier. Won deals pass every open stage; lost ones leave after
the stage they reached, after a stall without follow-up.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.demo import DemoActivity, add_demo_activities
from rapport.core import clock
from rapport.customers.service import customer_rows
from rapport.sales.models import Opportunity, PipelineStage, StageChange
from rapport.sales.pipeline.repository import PipelineRepository

AMOUNTS = [8000, 15000, 30000, 48000, 80000, 120000, 260000]
KINDS = ["call", "call", "email", "meeting", "visit"]


@dataclass
class _Deal:
    customer: Any
    opened: datetime
    amount: int
    engagement: float
    quote_wait: float
    won: bool
    top: int


def _outcome(rng: random.Random, engagement: float, quote_wait: float, amount: int, repeat: bool) -> bool:
    logit = (
        -0.1
        + 1.0 * engagement
        - 0.18 * (quote_wait - 3.0)
        - 0.35 * math.log(amount / 40000)
        + (0.8 if repeat else 0.0)
        + rng.gauss(0, 0.7)
    )
    return rng.random() < 1 / (1 + math.exp(-logit))


async def seed_deal_history(
    session: AsyncSession, count: int, random_seed: int, zh: bool, days: int = 720
) -> dict[str, int]:
    """Add `count` closed deals over the last `days` (opened up to `days` ago, closed before now) on owned
    customers, with stage history and follow-up activities."""
    rng = random.Random(random_seed + 19)  # noqa: S311 - demo data
    now = clock.now()
    statement = customer_rows()
    c = statement.selected_columns
    statement = statement.where(c.owner_id.is_not(None), c.merged_into_id.is_(None)).order_by(c.created_at, c.id)
    customers = list((await session.execute(statement.limit(max(count // 3, 1)))).scalars())
    if not customers:
        return {"closed_deals": 0}
    stages = list(await PipelineRepository(session).stages())
    open_stages = sorted((s for s in stages if not s.is_won and not s.is_lost), key=lambda s: s.position)
    won_stage = next(s for s in stages if s.is_won)
    lost_stage = next(s for s in stages if s.is_lost)
    wins: dict[uuid.UUID, int] = {}
    plans = []
    for _ in range(count):
        customer = rng.choice(customers)
        opened = now - timedelta(days=rng.uniform(100, days))
        plans.append((opened, customer))
    plans.sort(key=lambda item: item[0])
    opportunities: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    activities: list[DemoActivity] = []
    won_count = 0
    for opened, customer in plans:
        engagement = rng.gauss(0, 1)
        quote_wait = rng.expovariate(1 / (3.0 * math.exp(-0.5 * engagement)))
        amount = rng.choice(AMOUNTS)
        won = _outcome(rng, engagement, quote_wait, amount, wins.get(customer.id, 0) > 0)
        top = len(open_stages) if won else rng.choice([1, 2, 2, 3, 3, 4][: len(open_stages) + 2])
        top = min(top, len(open_stages))
        deal_id = uuid.uuid4()
        at, previous = opened, None
        path: list[tuple[PipelineStage, datetime]] = []
        for stage in open_stages[:top]:
            path.append((stage, at))
            at = at + timedelta(days=rng.uniform(2, 8) if won else rng.uniform(3, 14))
        # the wait for a follow-up after the quote, then the rest
        # a long stall ends most lost deals (no follow-up in it); some are lost fast, some wins wait long
        stalled = rng.random() < (0.2 if won else 0.6)
        closing = at + timedelta(days=rng.uniform(10, 45) if stalled else rng.uniform(1, 8))
        closing = min(closing, now - timedelta(hours=1))
        path.append((won_stage if won else lost_stage, closing))
        for stage, entered in path:
            changes.append(
                {
                    "opportunity_id": deal_id,
                    "customer_id": customer.id,
                    "from_stage_id": None if previous is None else previous.id,
                    "to_stage_id": stage.id,
                    "amount": Decimal(amount),
                    "actor_id": customer.owner_id,
                    "at": entered,
                }
            )
            previous = stage
        # follow-up: more for engaged deals; none in a lost deal's final stall
        quiet_from = at if stalled and not won else closing
        rate = 0.12 * math.exp(0.6 * engagement)
        moment = opened + timedelta(days=rng.expovariate(rate))
        while moment < quiet_from:
            activities.append(_activity(rng, customer, deal_id, moment, zh))
            moment += timedelta(days=rng.expovariate(rate))
        quote = next((entered for stage, entered in path if stage.key == "quote"), None)
        if quote is not None and quote + timedelta(days=quote_wait) < quiet_from:
            activities.append(_activity(rng, customer, deal_id, quote + timedelta(days=quote_wait), zh))
        opportunities.append(
            {
                "id": deal_id,
                "version": 1,
                "created_at": opened,
                "updated_at": closing,
                "name": f"{customer.name} {'历史商机' if zh else 'past deal'}",
                "customer_id": customer.id,
                "amount": Decimal(amount),
                "stage_id": (won_stage if won else lost_stage).id,
                "status": "won" if won else "lost",
                "owner_id": customer.owner_id,
                "team_id": customer.team_id,
                "expected_close": (opened + timedelta(days=60)).date(),
                "lost_reason": None if won else ("停滞" if zh else "Stalled"),
                "closed_at": closing,
            }
        )
        if won:
            wins[customer.id] = wins.get(customer.id, 0) + 1
            won_count += 1
    await session.execute(insert(Opportunity), opportunities)
    await session.execute(insert(StageChange), changes)
    logged = await add_demo_activities(session, activities)
    return {"closed_deals": len(opportunities), "won": won_count, "activities": logged}


def _activity(rng: random.Random, customer: Any, deal_id: uuid.UUID, at: datetime, zh: bool) -> DemoActivity:
    return DemoActivity(
        customer_id=customer.id,
        opportunity_id=deal_id,
        actor_id=customer.owner_id,
        kind=rng.choice(KINDS),
        subject="跟进商机" if zh else "Deal follow-up",
        occurred_at=at,
    )
