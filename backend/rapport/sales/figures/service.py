"""Sales performance, forecast and funnel over the opportunities the caller may see, and revenue targets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.sales.admin import load_or_new, record_save
from rapport.sales.figures.repository import FigureRepository
from rapport.sales.models import SalesTarget, money

DIMENSIONS = ("rep", "team", "region", "month")
LOCAL = clock.BUSINESS_TZ


def _cents(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


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
    #: The rep's or team's target for the period (None: none set, or grouped by region or month).
    target: Decimal | None = None

    @property
    def lead_conversion_rate(self) -> float | None:
        """Converted / captured leads."""
        return round(self.converted_leads / self.leads, 4) if self.leads else None

    @property
    def attainment(self) -> float | None:
        """Won amount / target."""
        return round(float(self.won_amount / self.target), 4) if self.target else None


async def performance(
    session: AsyncSession, principal: Principal | None, start: datetime, end: datetime, by: str
) -> list[PerformanceRow]:
    """Won amount and count, lost count, open count, win rate and average cycle per rep, team, region or month.

    Won and lost count opportunities closed in the period (by month: in the month they closed); open counts those
    created in it and still open; leads count those captured in it. Groups with nothing to count are left out. A rep
    or team comes with its target for the period and how much of it is won (`attainment`).
    """
    repo = FigureRepository(session)
    grouped = await repo.performance(principal, start, end, by)
    lead_counts = await repo.lead_counts(principal, start, end, by)
    targets: dict[Any, Any] = {}
    if by in ("rep", "team"):
        targets = await repo.targets_by(by, start.astimezone(LOCAL).date(), end.astimezone(LOCAL).date())

    def target(group_id: Any) -> Decimal | None:
        return None if targets.get(group_id) is None else _cents(targets[group_id])

    rows = []
    for group_id, k, amount, w, l_, o, avg in grouped:
        rate = round(w / (w + l_), 4) if (w + l_) else None
        captured, converted = lead_counts.pop((group_id, k), (0, 0))
        avg_days = None if avg is None else round(float(avg), 2)
        rows.append(
            PerformanceRow(
                k,
                group_id,
                _cents(amount),
                int(w),
                int(l_),
                int(o),
                rate,
                avg_days,
                captured,
                converted,
                target(group_id),
            )
        )
    for (group_id, k), (captured, converted) in sorted(lead_counts.items(), key=lambda item: str(item[0][1])):
        rows.append(PerformanceRow(k, group_id, _cents(0), 0, 0, 0, None, None, captured, converted, target(group_id)))
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


def period_end(period: str, start: date) -> date:
    """The first day after a month or quarter starting on `start`."""
    months = 3 if period == "quarter" else 1
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


async def forecast(session: AsyncSession, principal: Principal | None, period: str, start: date) -> Forecast:
    """Open opportunities expected to close in the month or quarter (undated ones count in), won in it, target."""
    repo = FigureRepository(session)
    end = period_end(period, start)
    rates = await repo.stage_win_rates(principal)
    open_rows = await repo.open_by_stage(principal, start, end)
    won = await repo.won_amount(principal, start, end)
    stages = await repo.stage_keys()
    count = sum(int(r[1]) for r in open_rows)
    amount = _cents(sum((Decimal(r[2]) for r in open_rows), Decimal(0)))
    by_probability = sum((Decimal(str(round(float(r[3]), 2))) for r in open_rows), Decimal(0))
    by_history = sum((Decimal(r[2]) * Decimal(str(round(rates.get(r[0], 0.0), 6))) for r in open_rows), Decimal(0))
    target = await _target(repo, principal, period, start)
    return Forecast(
        count,
        amount,
        by_probability.quantize(Decimal("0.01")),
        by_history.quantize(Decimal("0.01")),
        _cents(won),
        target,
        {key: round(rates[stage_id], 4) for stage_id, key in stages.items() if stage_id in rates},
    )


async def _target(repo: FigureRepository, principal: Principal | None, period: str, start: date) -> Decimal | None:
    """The target for the period: a director's is the top sales teams' sum, a manager's their team's, a rep's own.

    A quarter without a quarterly target sums the monthly targets in it.
    """
    if principal is None:
        return None
    value = await _target_sum(repo, principal, period, start)
    if value is None and period == "quarter":
        month_starts = [start, period_end("month", start), period_end("month", period_end("month", start))]
        months = [await _target_sum(repo, principal, "month", m) for m in month_starts]
        known = [m for m in months if m is not None]
        value = sum(known, Decimal(0)) if known else None
    return value


async def _target_sum(repo: FigureRepository, principal: Principal, period: str, start: date) -> Decimal | None:
    value = await repo.target_sum(principal, period, start)
    return None if value is None else Decimal(value)


async def set_target(
    session: AsyncSession,
    actor: Principal,
    *,
    user_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    period: str,
    period_start: date,
    amount: Decimal,
) -> SalesTarget:
    """Set the target of a rep or team for a month or quarter (replacing one set before)."""
    if (user_id is None) == (team_id is None):
        raise BadUserInputError("A target is for a rep or for a team.", field="userId")
    if period not in ("month", "quarter"):
        raise BadUserInputError("period is month or quarter.", field="period")
    if period_start.day != 1 or (period == "quarter" and period_start.month % 3 != 1):
        raise BadUserInputError("A period starts on the first day of a month (of a quarter).", field="periodStart")
    amount = money(amount, "amount")
    target = await FigureRepository(session).target_of(user_id, team_id, period, period_start)
    if target is None:
        target = await load_or_new(session, SalesTarget, None, None, "target")
        target.user_id, target.team_id, target.period, target.period_start = user_id, team_id, period, period_start
    target.amount = amount
    target.updated_at = clock.now()
    await session.flush()
    record_save(session, actor, "SalesTarget", target.id, {"amount": amount, "period": period, "start": period_start})
    return target
