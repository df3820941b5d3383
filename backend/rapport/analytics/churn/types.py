"""`Customer.churnRisk`: a customer's latest churn score, band, reasons in the reader's language (only those
whose source fields the reader may read), and what changed since the score before.

Declared, so it compiles: `ChurnRisk` is the stored row (`customer_churn_score`, a "one" relation of the customer),
its figures columns, its band an expression, and its reasons a field `rendered` from the stored reasons with the
reader's language and policy (`reasons_of`, the one function both read paths call after reading the row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import case, select

from rapport.analytics.churn.models import CustomerChurnScore
from rapport.analytics.churn.reasons import message, visible
from rapport.core.authz.policy import PrincipalPolicy
from rapport.core.i18n import render
from rapport.core.principal import Principal
from rapport.customers.enums import RiskLevel
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Contribution, FromRow, Relation, Rows, expression, relation, rendered

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


def band_of(row: CustomerChurnScore) -> RiskLevel:
    """The band: high while in the hysteresis' high state."""
    if row.high:
        return RiskLevel.HIGH
    return RiskLevel.MEDIUM if row.probability >= MEDIUM else RiskLevel.LOW


def band_sql(row: Any) -> Any:
    """`band_of` in SQL: the stored value of the band's member (the compiler encodes it as the enum's name)."""
    return case(
        (row.high, RiskLevel.HIGH.value),
        (row.probability >= MEDIUM, RiskLevel.MEDIUM.value),
        else_=RiskLevel.LOW.value,
    )


def reasons_of(
    locale: str,
    policy: PrincipalPolicy,
    stored: Sequence[Mapping[str, Any]] | None,
    previous: Sequence[Mapping[str, Any]] | None,
    previous_scored_at: Any,
) -> list[ChurnReason]:
    """The stored reasons the reader may see (`visible`), in their language, each marked new when the score before
    did not have it (there was one: `previous_scored_at`, whatever form it is read in, is not null)."""
    before = {str(r.get("code")) for r in previous or []}
    return [
        ChurnReason(
            code=str(r["code"]),
            text=render(message(str(r["code"]), r.get("params") or {}), locale),
            new=previous_scored_at is not None and str(r["code"]) not in before,
        )
        for r in visible(policy, stored or [])
    ]


def _reasons(self: Any, info: Info) -> list[ChurnReason]:
    """The reasons (`ChurnRisk.reasons`: the stub of a rendered field, never run)."""
    raise NotImplementedError


@strawberry.type(description="A customer's churn risk: no revenue order expected in the next 90 days.")
class ChurnRisk(FromRow):
    """A churn score (the row of `customer_churn_score`)."""

    probability: float = strawberry.field(description="The probability of churning, 0 to 1.")
    band: RiskLevel = expression(
        band_sql,
        band_of,
        description="HIGH from 0.7 until it falls below 0.6 (hysteresis), MEDIUM from 0.3, LOW below.",
    )
    # Assigned, not decorated: a resolver field declared by its annotation keeps its place in the schema.
    reasons: list[ChurnReason] = rendered(
        ("reasons", "previous_reasons", "previous_scored_at"),
        reasons_of,
        policy=True,
        description="What pushes the risk up most, strongest first (only reasons computed from fields you may read).",
    )(_reasons)
    scored_at: datetime = strawberry.field(description="When it was scored.")
    previous_probability: float | None = strawberry.field(description="The probability of the score before.")
    previous_scored_at: datetime | None = strawberry.field(description="When the score before was made.")
    small_data: bool = strawberry.field(
        description="Too little history for a learned model: the score comes from priors."
    )
    _row: strawberry.Private[CustomerChurnScore]


def churn_score_rows(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's stored score (at most one row): no row scope of its own, the customer's is the parent's."""
    return Rows(select(CustomerChurnScore).where(CustomerChurnScore.customer_id == customer.id))


@relation(
    Relation("ChurnRisk", "one", churn_score_rows),
    description="The churn risk from the latest daily scoring, with reasons; null when never scored.",
)
async def churn_risk(root: Customer, info: Info) -> ChurnRisk | None:
    """The customer's churn risk (scores of a page of customers are read in one statement)."""


#: `Customer.churnRisk`, a field analytics adds to the customers domain's type (listed in the analytics manifest).
CUSTOMER_CHURN_RISK = Contribution(Customer, "churn_risk", churn_risk, before="order_summary")
