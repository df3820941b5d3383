"""`Customer.churnRisk`: a customer's latest churn score, band, reasons in the reader's language (only those
whose source fields the reader may read), and what changed since the score before."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.churn.models import CustomerChurnScore
from rapport.analytics.churn.reasons import message, visible
from rapport.core.i18n import render
from rapport.customers.enums import RiskLevel
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, computed

#: A probability from this up is a medium risk (high risk is the hysteresis state: entered at 0.7, left below 0.6).
MEDIUM = 0.3


@strawberry.type(description="Why a customer's churn risk is what it is: one reason, in your language.")
class ChurnReason:
    """A reason."""

    code: str = strawberry.field(
        description="NO_RECENT_ORDER, ORDER_FREQUENCY_DOWN, SLOW_RHYTHM, FEW_ORDERS, SPENDING_DOWN, LOW_SPENDING, "
        "FEW_CATEGORIES, UNRESOLVED_COMPLAINTS, RECENT_TICKETS, LOW_SATISFACTION, NO_FOLLOW_UP, POOL_MOVES or "
        "DEALS_LOST."
    )
    text: str = strawberry.field(description="The reason in words, e.g. 'Order frequency down 52 % over 3 months'.")
    new: bool = strawberry.field(description="Not among the reasons of the score before.")


@strawberry.type(description="A customer's churn risk: no revenue order expected in the next 90 days.")
class ChurnRisk:
    """A churn score."""

    probability: float = strawberry.field(description="The probability of churning, 0 to 1.")
    band: RiskLevel = strawberry.field(
        description="HIGH from 0.7 until it falls below 0.6 (hysteresis), MEDIUM from 0.3, LOW below."
    )
    reasons: list[ChurnReason] = strawberry.field(
        description="What pushes the risk up most, strongest first (only reasons computed from fields you may read)."
    )
    scored_at: datetime = strawberry.field(description="When it was scored.")
    previous_probability: float | None = strawberry.field(description="The probability of the score before.")
    previous_scored_at: datetime | None = strawberry.field(description="When the score before was made.")
    small_data: bool = strawberry.field(
        description="Too little history for a learned model: the score comes from priors."
    )


async def scores_of(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[CustomerChurnScore | None]:
    """The scores of customers (one statement for a page of them), in the order of `ids`."""
    rows = await session.execute(select(CustomerChurnScore).where(CustomerChurnScore.customer_id.in_(ids)))
    found = {row.customer_id: row for row in rows.scalars()}
    return [found.get(i) for i in ids]


def band_of(row: CustomerChurnScore) -> RiskLevel:
    """The band: high while in the hysteresis' high state."""
    if row.high:
        return RiskLevel.HIGH
    return RiskLevel.MEDIUM if row.probability >= MEDIUM else RiskLevel.LOW


def churn_risk_of(row: CustomerChurnScore, info: Any) -> ChurnRisk:
    """The GraphQL value of a stored score for the reader (policy, language)."""
    before = {str(r.get("code")) for r in row.previous_reasons or []}
    reasons = [
        ChurnReason(
            code=str(r["code"]),
            text=render(message(str(r["code"]), r.get("params") or {}), info.context.locale),
            new=row.previous_scored_at is not None and str(r["code"]) not in before,
        )
        for r in visible(info.context.policy, row.reasons or [])
    ]
    return ChurnRisk(
        probability=row.probability,
        band=band_of(row),
        reasons=reasons,
        scored_at=row.scored_at,
        previous_probability=row.previous_probability,
        previous_scored_at=row.previous_scored_at,
        small_data=row.small_data,
    )


@computed(
    "reasons are filtered by the reader's policy and rendered in their language",
    description="The churn risk from the latest daily scoring, with reasons; null when never scored.",
)
async def churn_risk(root: Customer, info: Info) -> ChurnRisk | None:
    """The customer's churn risk (scores of a page of customers are read in one statement)."""
    row = await info.context.loaders.get(scores_of).load(root._row.id)
    return None if row is None else churn_risk_of(row, info)


#: `Customer.churnRisk`, a field analytics adds to the customers domain's type (listed in the analytics manifest).
CUSTOMER_CHURN_RISK = Contribution(Customer, "churn_risk", churn_risk, before="order_summary")
