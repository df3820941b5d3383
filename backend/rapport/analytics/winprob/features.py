"""Features of opportunities as of a date, read through the sales and activities facts modules in one statement."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.win_facts import with_activity_facts
from rapport.analytics.runs.metrics import Floats
from rapport.sales.win_facts import deal_facts

#: Days without a logged activity counted at most (and for a customer with none).
QUIET_CAP = 90.0

#: The model's features, in order (the stage's prior comes from the training period's win rates).
FEATURES = (
    "stage_prior_logit",
    "log_amount",
    "age_days",
    "days_in_stage",
    "stage_moves",
    "earlier_won",
    "earlier_lost",
    "activities_30d",
    "days_since_activity",
    "quote_wait_days",
)


@dataclass(frozen=True)
class Deal:
    """One opportunity as it stood at `as_of` (`won` for closed deals: 1 or 0; None for open ones)."""

    opportunity_id: uuid.UUID
    as_of: datetime
    customer_id: uuid.UUID
    owner_id: uuid.UUID | None
    team_id: uuid.UUID | None
    amount: float
    expected_close: date | None
    stage_key: str
    stage_position: int
    stage_probability: int
    age_days: float
    days_in_stage: float
    stage_moves: int
    top_position: int
    earlier_won: int
    earlier_lost: int
    activities_30d: int
    days_since_activity: float
    quote_wait_days: float | None
    won: int | None = None
    closed_at: datetime | None = None

    def value(self, name: str) -> float:
        """A raw feature (the stage prior is the model's, not the deal's: see `model.row`)."""
        if name == "log_amount":
            return math.log1p(max(self.amount, 0.0))
        if name == "quote_wait_days":
            return min(self.quote_wait_days or 0.0, 60.0)
        if name == "age_days":
            return min(self.age_days, 365.0)
        if name == "days_in_stage":
            return min(self.days_in_stage, 180.0)
        if name == "activities_30d":
            return float(min(self.activities_30d, 30))
        return float(getattr(self, name))


def _days(later: datetime, earlier: datetime) -> float:
    return max((later - earlier).total_seconds() / 86400.0, 0.0)


def _deal(row: Any, won: int | None, closed_at: datetime | None) -> Deal:
    quote_at = row.quote_entered_at
    wait = None if quote_at is None else _days(row.quote_response_at or row.as_of, quote_at)
    quiet = QUIET_CAP if row.days_since_activity is None else min(float(row.days_since_activity), QUIET_CAP)
    return Deal(
        opportunity_id=row.opportunity_id,
        as_of=row.as_of,
        customer_id=row.customer_id,
        owner_id=row.owner_id,
        team_id=row.team_id,
        amount=float(row.amount),
        expected_close=row.expected_close,
        stage_key=row.stage_key,
        stage_position=int(row.stage_position),
        stage_probability=int(row.stage_probability),
        age_days=float(row.age_days),
        days_in_stage=float(row.days_in_stage),
        stage_moves=int(row.stage_moves),
        top_position=int(row.top_position),
        earlier_won=int(row.earlier_won),
        earlier_lost=int(row.earlier_lost),
        activities_30d=int(row.activities_30d),
        days_since_activity=quiet,
        quote_wait_days=wait,
        won=won,
        closed_at=closed_at,
    )


async def deals_at(session: AsyncSession, anchors: Select[Any]) -> list[Deal]:
    """The anchored opportunities' features (`anchors`: `opportunity_id`, `as_of`, and for closed deals `won` and
    `closed_at`), ordered by `as_of` then id."""
    anchor = anchors.subquery("anchor")
    facts = (
        deal_facts(anchor)
        .add_columns(*(anchor.c[name] for name in ("won", "closed_at") if name in anchor.c))
        .subquery("facts")
    )
    statement = with_activity_facts(facts).order_by(facts.c.as_of, facts.c.opportunity_id)
    rows = (await session.execute(statement)).all()
    closed = "won" in anchor.c
    return [_deal(r, int(r.won) if closed else None, r.closed_at if closed else None) for r in rows]


def outcomes(deals: list[Deal]) -> Floats:
    """The closed deals' outcomes (1 won, 0 lost)."""
    return np.array([float(d.won or 0) for d in deals], dtype=np.float64)
