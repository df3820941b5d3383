"""Marketing figures: the funnel, attributed revenue, cost and ROI per campaign or channel, the models side by
side, the spend ratio and one conversion's touches with their credits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.authz.policy import Access, Scope, current
from rapport.core.authz.scopes import shown
from rapport.core.errors import BadUserInputError, ForbiddenError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.marketing.attribution import repository as sql
from rapport.marketing.attribution.credit import Model, shares

CENT = Decimal("0.01")
#: The longest period the figures take at once.
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Settings:
    """How conversions find their touches: the lookback window and the time-decay half-life, in days."""

    lookback_days: int = 30
    half_life_days: int = 7

    def window(self, start: datetime | None = None, end: datetime | None = None, deals: bool = True) -> sql.Window:
        """The SQL window of these settings over [start, end) (`deals`: whether won deals are conversions)."""
        return sql.Window(start, end, timedelta(days=self.lookback_days), self.half_life_days, deals)


@dataclass
class FigureRow:
    """One campaign's (`key` its id) or channel's (`key` its name) figures; `key` None: touches without one."""

    key: Any
    reach: int = 0
    responses: int = 0
    conversions: float = 0.0
    revenue: Decimal = Decimal("0.00")
    cost: Decimal = Decimal("0.00")

    @property
    def roi(self) -> float | None:
        """(attributed revenue - cost) / cost; None without cost."""
        return None if not self.cost else float((self.revenue - self.cost) / self.cost)


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def to_cents(exact: dict[Any, Decimal]) -> dict[Any, Decimal]:
    """Amounts rounded to the cent so that they still add up to their rounded total (largest remainders first):
    the rows of every model sum to the same revenue."""
    total = int(sum(exact.values(), Decimal(0)).quantize(CENT) / CENT)
    floors = {key: int((value / CENT).to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact.items()}
    rest = sorted(exact, key=lambda key: (floors[key] - exact[key] / CENT, str(key)))
    for key in rest[: max(0, total - sum(floors.values()))]:
        floors[key] += 1
    return {key: Decimal(cents) * CENT for key, cents in floors.items()}


def period_bounds(first_day: date, end_day: date) -> tuple[datetime, datetime]:
    """The local days [first_day, end_day) as times; BAD_USER_INPUT when the period is empty or too long."""
    if end_day <= first_day:
        raise BadUserInputError("`to` must be after `from`.", field="to")
    if (end_day - first_day).days > MAX_PERIOD_DAYS:
        raise BadUserInputError("Ask for at most three years at a time.", field="to")
    return clock.business_day_start(first_day), clock.business_day_start(end_day)


async def figures(
    session: AsyncSession,
    first_day: date,
    end_day: date,
    model: Model,
    by: str,
    settings: Settings,
    deals: bool = True,
) -> list[FigureRow]:
    """Per campaign or channel (`by`): reach and responses over the period's touches, conversions and revenue of
    the period's conversions under `model`, and the period's spend; ordered by revenue, then key."""
    start, end = period_bounds(first_day, end_day)
    rows: dict[Any, FigureRow] = {}

    def row(key: Any) -> FigureRow:
        return rows.setdefault(key, FigureRow(key))

    for key, reach, responses in await session.execute(sql.reached(start, end, by)):
        row(key).reach, row(key).responses = reach, responses
    exact: dict[Any, Decimal] = {}
    attributed = sql.attributed(settings.window(start, end, deals), model, by)
    for key, conversions, revenue in await session.execute(attributed):
        row(key).conversions, exact[key] = float(conversions), Decimal(revenue)
    for key, cents in to_cents(exact).items():
        row(key).revenue = cents
    for key, cost in await session.execute(sql.spent(first_day, end_day, by)):
        row(key).cost = _money(cost)
    return sorted(rows.values(), key=lambda r: (-r.revenue, r.key is None, str(r.key)))


@dataclass
class ModelTotal:
    """One model's totals over a period's conversions that have touches."""

    model: Model
    conversions: float
    revenue: Decimal


async def compare(
    session: AsyncSession, first_day: date, end_day: date, settings: Settings, deals: bool = True
) -> list[ModelTotal]:
    """Every model's conversions and attributed revenue: the same totals, as each conversion's shares sum to 1."""
    start, end = period_bounds(first_day, end_day)
    found = (await session.execute(sql.totals(settings.window(start, end, deals)))).one()._mapping
    return [
        ModelTotal(model, round(float(found[f"{model.value}_conversions"]), 4), _money(found[f"{model.value}_revenue"]))
        for model in Model
    ]


@dataclass
class SpendRatio:
    """Marketing spend against sales revenue (orders placed and deals won) over a period."""

    spend: Decimal
    sales_revenue: Decimal

    @property
    def ratio(self) -> float | None:
        """spend / sales revenue; None without revenue."""
        return None if not self.sales_revenue else float(self.spend / self.sales_revenue)


async def spend_ratio(session: AsyncSession, first_day: date, end_day: date, deals: bool = True) -> SpendRatio:
    """The period's spend and sales revenue."""
    start, end = period_bounds(first_day, end_day)
    spend = (await session.execute(sql.spent(first_day, end_day, None))).one().cost
    revenue = (await session.execute(sql.sales_revenue(start, end, deals))).scalar_one()
    return SpendRatio(_money(spend), _money(revenue))


@dataclass
class CreditedTouch:
    """A touch of a conversion with its share and revenue under each model."""

    touch: Any
    shares: dict[Model, float]
    revenue: dict[Model, Decimal]


def sees_deals(principal: Principal | None) -> bool:
    """Whether won deals are conversions in the caller's figures: they may see every deal and read its amount.
    Without, the orders won deals created count instead (the same revenue), and no deal is revealed."""
    policy = current().for_roles(principal.roles if principal else ())
    return Scope.ALL in policy.scope("Opportunity") and not policy.denied((("Opportunity.amount", Access.READ),))


def require_whole_scope(principal: Principal | None) -> None:
    """The marketing figures sum every customer's orders: FORBIDDEN (fail closed) unless the caller sees every
    customer (their row scope of customers is `all`), so no total holds revenue of customers they may not see."""
    if Scope.ALL not in current().for_roles(principal.roles if principal else ()).scope("Customer"):
        raise ForbiddenError(msg("The marketing figures need the scope of every customer."))


@dataclass
class ConversionTouches:
    """A conversion and the touches it is attributed to, oldest first."""

    kind: str
    id: uuid.UUID
    customer_id: uuid.UUID | None
    at: datetime
    revenue: Decimal
    touches: list[CreditedTouch] = field(default_factory=list)


async def conversion_touches(
    session: AsyncSession, principal: Principal | None, kind: str, conversion_id: uuid.UUID, settings: Settings
) -> ConversionTouches | None:
    """One conversion's touches with each model's credit (`credit.shares`); None when there is no such conversion
    or its customer is out of the caller's scope."""
    conversion = sql.one_conversion(kind, conversion_id)
    found = (await session.execute(select(conversion))).first()
    if found is None:
        return None
    if found.customer_id is not None and await shown(session, principal, "Customer", found.customer_id) is None:
        return None
    if kind == "lead" and await shown(session, principal, "Lead", found.id) is None:
        return None
    if kind == "opportunity_won" and await shown(session, principal, "Opportunity", found.id) is None:
        return None  # a deal out of the caller's scope answers like one that does not exist
    pairs = sql.credited(settings.window(), conversion)
    touches = (await session.execute(select(pairs).order_by(pairs.c.rn))).all()
    result = ConversionTouches(kind, found.id, found.customer_id, found.at, _money(found.revenue))
    times = [touch.at for touch in touches]
    by_model = {model: shares(model, times, found.at, settings.half_life_days) for model in Model}
    for i, touch in enumerate(touches):
        share = {model: by_model[model][i] for model in Model}
        revenue = {model: _money(result.revenue * Decimal(share[model])) for model in Model}
        result.touches.append(CreditedTouch(touch, share, revenue))
    return result
