"""Sales performance, forecast and funnel, computed in SQL over the opportunities the caller may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.identity.models import Team, User
from rapport.sales.models import Lead, Opportunity, PipelineStage, SalesTarget, StageChange
from rapport.sales.repository import visible_leads, visible_opportunities

DIMENSIONS = ("rep", "team", "region", "month")


def _cents(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


LOCAL = clock.BUSINESS_TZ


@dataclass(frozen=True)
class PerformanceRow:
    """Results of one group in a period."""

    key: str | None
    #: The rep's or team's id when grouping by rep or team.
    key_id: Any
    won_amount: Decimal
    won: int
    lost: int
    open: int
    win_rate: float | None
    avg_cycle_days: float | None
    leads: int = 0
    converted_leads: int = 0

    @property
    def lead_conversion_rate(self) -> float | None:
        """Converted / captured leads."""
        return round(self.converted_leads / self.leads, 4) if self.leads else None


def _month(at: Any) -> Any:
    return func.to_char(func.timezone("Asia/Shanghai", at), "YYYY-MM")


def _group(by: str, owner: Any, team: Any, province: Any, month: Any) -> tuple[Any, Any]:
    """(id, label) of the group a row falls in."""
    if by == "rep":
        return owner, func.coalesce(User.name, "—")
    if by == "team":
        return team, func.coalesce(Team.name, "—")
    if by == "region":
        return literal(None), func.coalesce(province, "—")
    return literal(None), _month(month)


async def _lead_counts(
    session: AsyncSession, principal: Principal | None, start: datetime, end: datetime, by: str
) -> dict[tuple[Any, str], tuple[int, int]]:
    """Leads captured in the period and how many of them are converted, per group."""
    key_id, key = _group(by, Lead.owner_id, Lead.team_id, Lead.province, Lead.created_at)
    stmt = (
        select(key_id, key, func.count(), func.count().filter(Lead.status == "converted"))
        .select_from(Lead)
        .outerjoin(User, User.id == Lead.owner_id)
        .outerjoin(Team, Team.id == Lead.team_id)
        .where(visible_leads(principal), Lead.created_at >= start, Lead.created_at < end)
        .group_by(key_id, key)
    )
    return {(row[0], row[1]): (int(row[2]), int(row[3])) for row in await session.execute(stmt)}


async def performance(
    session: AsyncSession, principal: Principal | None, start: datetime, end: datetime, by: str
) -> list[PerformanceRow]:
    """Won amount and count, lost count, open count, win rate and average cycle per rep, team, region or month.

    Won and lost count opportunities closed in the period (by month: in the month they closed); open counts those
    created in it and still open; leads count those captured in it. Groups with nothing to count are left out.
    """
    closed_in = and_(Opportunity.closed_at >= start, Opportunity.closed_at < end)
    created_in = and_(Opportunity.created_at >= start, Opportunity.created_at < end)
    month_of = case((closed_in, Opportunity.closed_at), else_=Opportunity.created_at)
    key_id, key = _group(by, Opportunity.owner_id, Opportunity.team_id, Customer.province, month_of)
    won = and_(Opportunity.status == "won", closed_in)
    lost = and_(Opportunity.status == "lost", closed_in)
    still_open = and_(Opportunity.status == "open", created_in)
    cycle = func.extract("epoch", Opportunity.closed_at - Opportunity.created_at) / 86400.0
    won_amount = func.coalesce(func.sum(case((won, Opportunity.amount), else_=0)), 0)
    stmt = (
        select(
            key_id,
            key,
            won_amount,
            func.count().filter(won),
            func.count().filter(lost),
            func.count().filter(still_open),
            func.avg(case((won, cycle))),
        )
        .select_from(Opportunity)
        .outerjoin(User, User.id == Opportunity.owner_id)
        .outerjoin(Team, Team.id == Opportunity.team_id)
        .join(Customer, Customer.id == Opportunity.customer_id)
        .where(visible_opportunities(principal), or_(won, lost, still_open))
        .group_by(key_id, key)
        .order_by(won_amount.desc(), key)
    )
    lead_counts = await _lead_counts(session, principal, start, end, by)
    rows = []
    for group_id, k, amount, w, l_, o, avg in await session.execute(stmt):
        rate = round(w / (w + l_), 4) if (w + l_) else None
        captured, converted = lead_counts.pop((group_id, k), (0, 0))
        avg_days = None if avg is None else round(float(avg), 2)
        rows.append(
            PerformanceRow(k, group_id, _cents(amount), int(w), int(l_), int(o), rate, avg_days, captured, converted)
        )
    for (group_id, k), (captured, converted) in sorted(lead_counts.items(), key=lambda item: str(item[0][1])):
        rows.append(PerformanceRow(k, group_id, _cents(0), 0, 0, 0, None, None, captured, converted))
    return rows


@dataclass(frozen=True)
class Forecast:
    """The pipeline expected to close in a period, weighted two ways, against the target."""

    open_count: int
    open_amount: Decimal
    weighted_by_probability: Decimal
    weighted_by_history: Decimal
    won_amount: Decimal
    target: Decimal | None
    stage_win_rates: dict[str, float]


def _furthest_stage(opportunities: Any) -> Any:
    """Per opportunity, the position of the furthest non-lost stage it ever entered (skipped stages count)."""
    return (
        select(StageChange.opportunity_id.label("opportunity_id"), func.max(PipelineStage.position).label("top"))
        .join(PipelineStage, PipelineStage.id == StageChange.to_stage_id)
        .where(PipelineStage.is_lost.is_(False), StageChange.opportunity_id.in_(opportunities))
        .group_by(StageChange.opportunity_id)
        .subquery("reached")
    )


async def stage_win_rates(session: AsyncSession, principal: Principal | None) -> dict[Any, float]:
    """For each stage: of the closed opportunities that reached it (or passed it), the share that was won."""
    closed = select(Opportunity.id).where(visible_opportunities(principal), Opportunity.status.in_(("won", "lost")))
    reached = _furthest_stage(closed)
    stmt = (
        select(
            PipelineStage.id,
            cast(func.count().filter(Opportunity.status == "won"), Float) / func.count(),
        )
        .join(reached, reached.c.top >= PipelineStage.position)
        .join(Opportunity, Opportunity.id == reached.c.opportunity_id)
        .where(PipelineStage.is_lost.is_(False))
        .group_by(PipelineStage.id)
    )
    return {row[0]: float(row[1]) for row in await session.execute(stmt)}


def period_end(period: str, start: date) -> date:
    """The first day after a month or quarter starting on `start`."""
    months = 3 if period == "quarter" else 1
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


async def forecast(session: AsyncSession, principal: Principal | None, period: str, start: date) -> Forecast:
    """Open opportunities expected to close in the month or quarter (undated ones count in), won in it, target."""
    end = period_end(period, start)
    rates = await stage_win_rates(session, principal)
    in_period = (Opportunity.expected_close.is_(None)) | and_(
        Opportunity.expected_close >= start, Opportunity.expected_close < end
    )
    open_rows = (
        await session.execute(
            select(
                Opportunity.stage_id,
                func.count(),
                func.sum(Opportunity.amount),
                func.sum(Opportunity.amount * PipelineStage.probability / 100.0),
            )
            .join(PipelineStage, PipelineStage.id == Opportunity.stage_id)
            .where(visible_opportunities(principal), Opportunity.status == "open", in_period)
            .group_by(Opportunity.stage_id)
        )
    ).all()
    won = (
        await session.execute(
            select(func.coalesce(func.sum(Opportunity.amount), 0)).where(
                visible_opportunities(principal),
                Opportunity.status == "won",
                func.timezone("Asia/Shanghai", Opportunity.closed_at) >= start,
                func.timezone("Asia/Shanghai", Opportunity.closed_at) < end,
            )
        )
    ).scalar_one()
    stages = {
        s.id: s.key for s in (await session.execute(select(PipelineStage).order_by(PipelineStage.position))).scalars()
    }
    count = sum(int(r[1]) for r in open_rows)
    amount = _cents(sum((Decimal(r[2]) for r in open_rows), Decimal(0)))
    by_probability = sum((Decimal(str(round(float(r[3]), 2))) for r in open_rows), Decimal(0))
    by_history = sum((Decimal(r[2]) * Decimal(str(round(rates.get(r[0], 0.0), 6))) for r in open_rows), Decimal(0))
    target = await _target(session, principal, period, start)
    return Forecast(
        count,
        amount,
        by_probability.quantize(Decimal("0.01")),
        by_history.quantize(Decimal("0.01")),
        _cents(won),
        target,
        {key: round(rates[stage_id], 4) for stage_id, key in stages.items() if stage_id in rates},
    )


async def _target(session: AsyncSession, principal: Principal | None, period: str, start: date) -> Decimal | None:
    """The target for the period: a director's is the top sales teams' sum, a manager's their team's, a rep's own.

    A quarter without a quarterly target sums the monthly targets in it.
    """
    if principal is None:
        return None
    value = await _target_sum(session, principal, period, start)
    if value is None and period == "quarter":
        month_starts = [start, period_end("month", start), period_end("month", period_end("month", start))]
        months = [await _target_sum(session, principal, "month", m) for m in month_starts]
        known = [m for m in months if m is not None]
        value = sum(known, Decimal(0)) if known else None
    return value


async def _target_sum(session: AsyncSession, principal: Principal, period: str, start: date) -> Decimal | None:
    own = select(func.sum(SalesTarget.amount)).where(SalesTarget.period == period, SalesTarget.period_start == start)
    if "sales_director" in principal.roles or principal.is_admin:
        stmt = own.where(SalesTarget.team_id.in_(select(Team.id).where(Team.parent_id.is_(None), Team.kind == "sales")))
    elif "sales_manager" in principal.roles and principal.team_id is not None:
        stmt = own.where(SalesTarget.team_id == principal.team_id)
    else:
        stmt = own.where(SalesTarget.user_id == principal.user_id)
    value = (await session.execute(stmt)).scalar_one()
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class FunnelStep:
    """How many opportunities reached a stage in a period, their amount, and the share that reached the next."""

    stage_key: str
    stage_name: str
    reached: int
    amount: Decimal
    to_next: float | None


async def funnel(
    session: AsyncSession, principal: Principal | None, start: datetime, end: datetime
) -> list[FunnelStep]:
    """The funnel of opportunities created in the period, from their stage history.

    An opportunity counts in every stage up to the furthest (non-lost) stage it ever reached, so one that skipped
    a stage still passed it; the amount is the opportunities' current amount. Lost is not a step.
    """
    created = select(Opportunity.id).where(
        visible_opportunities(principal), Opportunity.created_at >= start, Opportunity.created_at < end
    )
    reached = _furthest_stage(created)
    stmt = (
        select(
            PipelineStage.key,
            PipelineStage.name,
            func.count(Opportunity.id),
            func.coalesce(func.sum(Opportunity.amount), 0),
        )
        .select_from(PipelineStage)
        .outerjoin(reached, reached.c.top >= PipelineStage.position)
        .outerjoin(Opportunity, Opportunity.id == reached.c.opportunity_id)
        .where(PipelineStage.is_lost.is_(False))
        .group_by(PipelineStage.id)
        .order_by(PipelineStage.position)
    )
    rows = (await session.execute(stmt)).all()
    steps = []
    for i, (key, name, count, amount) in enumerate(rows):
        nxt = int(rows[i + 1][2]) if i + 1 < len(rows) else None
        steps.append(
            FunnelStep(
                key, name, int(count), _cents(amount), None if nxt is None or not count else round(nxt / count, 4)
            )
        )
    return steps
