"""Root query fields of sales figures: performance, forecast, funnel, and the targets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Rows
from rapport.graphql.json_roots import from_json, json_answer, json_root
from rapport.graphql.node import to_global_id
from rapport.sales.enums import SalesDimension, SalesPeriod
from rapport.sales.figures import service
from rapport.sales.figures.repository import FigureRepository, funnel_answer
from rapport.sales.figures.types import FunnelStep, SalesForecast, SalesPerformanceRow, SalesTarget, StageWinRate

#: Midnight of a day in China time (sales periods are local days).
local_start = clock.business_day_start


def _period_start(period: SalesPeriod, start: date | None) -> date:
    today = clock.now().astimezone(service.LOCAL).date()
    day = start or today
    month = day.month if period is SalesPeriod.MONTH else (day.month - 1) // 3 * 3 + 1
    if start is not None and (start.day != 1 or start.month != month):
        raise BadUserInputError(
            "periodStart is the first day of a month (of a quarter: January, April, July or October).",
            field="periodStart",
        )
    return date(day.year, month, 1)


def _range(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    today = clock.now().astimezone(service.LOCAL).date()
    first = start or today.replace(day=1)
    last = end or service.period_end("month", today.replace(day=1))
    if last <= first:
        raise BadUserInputError("`to` must be after `from`.", field="to")
    if (last - first).days > 3 * 366:
        raise BadUserInputError("Ask for at most three years at a time.", field="to")
    return local_start(first), local_start(last)


DateFrom = Annotated[date | None, strawberry.argument(name="from", description="First day (default: this month's).")]
DateTo = Annotated[date | None, strawberry.argument(name="to", description="Day after the last (default: next month).")]


def _funnel(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # As `Query.salesFunnel` for a period given in full (a default reads today: the resolvers answer it).
    start, end = arguments.get("from"), arguments.get("to")
    if start is None or end is None:
        return None
    try:
        return funnel_answer(principal, *_range(start, end))
    except BadUserInputError:
        return None


#: The compiled root fields of sales figures (listed in the sales manifest).
ROOTS = {"salesFunnel": json_root("FunnelStep", _funnel, frozenset({"from", "to"}))}


@strawberry.type
class FigureQuery:
    """Root query fields of sales figures."""

    @strawberry.field(description="Won amount, counts, win and lead conversion rates and cycle length per group.")
    async def sales_performance(
        self,
        info: Info,
        by: Annotated[SalesDimension, strawberry.argument(description="Group by rep, team, region or month.")],
        date_from: DateFrom = None,
        date_to: DateTo = None,
    ) -> list[SalesPerformanceRow]:
        """Performance over the opportunities and leads you may see."""
        start, end = _range(date_from, date_to)
        async with info.context.db.read() as session:
            rows = await service.performance(session, info.context.principal, start, end, by.value)
        kind = "User" if by is SalesDimension.REP else "Team"
        return [
            SalesPerformanceRow(
                key=r.key,
                id=None if r.key_id is None else to_global_id(kind, r.key_id),
                won_amount=r.won_amount,
                won=r.won,
                lost=r.lost,
                open=r.open,
                win_rate=r.win_rate,
                avg_cycle_days=r.avg_cycle_days,
                leads=r.leads,
                converted_leads=r.converted_leads,
                lead_conversion_rate=r.lead_conversion_rate,
                target=r.target,
                attainment=r.attainment,
            )
            for r in rows
        ]

    @strawberry.field(description="The weighted pipeline of a month or quarter against the target.")
    async def sales_forecast(
        self,
        info: Info,
        period: Annotated[SalesPeriod, strawberry.argument(description="Month or quarter.")] = SalesPeriod.MONTH,
        period_start: Annotated[
            date | None, strawberry.argument(description="The period's first day (default: the current one).")
        ] = None,
    ) -> SalesForecast:
        """Forecast over the opportunities you may see."""
        start = _period_start(period, period_start)
        async with info.context.db.read() as session:
            f = await service.forecast(session, info.context.principal, period.value, start)
        target = f.target

        def share(value: object) -> float | None:
            return round(float(value) / float(target), 4) if target else None  # type: ignore[arg-type]

        return SalesForecast(
            period_start=start,
            period_end=service.period_end(period.value, start),
            open_count=f.open_count,
            open_amount=f.open_amount,
            weighted_by_probability=f.weighted_by_probability,
            weighted_by_history=f.weighted_by_history,
            won_amount=f.won_amount,
            target=target,
            attainment=share(f.won_amount),
            projected_attainment=share(f.won_amount + f.weighted_by_probability),
            stage_win_rates=[StageWinRate(stage_key=k, rate=v) for k, v in f.stage_win_rates.items()],
        )

    @strawberry.field(description="Deals opened in the period per stage reached, with stage-to-stage conversion.")
    async def sales_funnel(self, info: Info, date_from: DateFrom = None, date_to: DateTo = None) -> list[FunnelStep]:
        """The funnel from stage history."""
        start, end = _range(date_from, date_to)
        steps = await json_answer(info, funnel_answer(info.context.principal, start, end), list)
        return [from_json(FunnelStep, step) for step in steps]


@strawberry.type
class FigureAdminQuery:
    """Root query fields of sales targets."""

    @strawberry.field(description="Targets of the periods starting in a year.")
    async def sales_targets(
        self,
        info: Info,
        year: Annotated[int | None, strawberry.argument(description="Default: this year.")] = None,
    ) -> list[SalesTarget]:
        """Targets."""
        chosen = year or clock.now().astimezone(service.LOCAL).year
        async with info.context.db.read() as session:
            rows = await FigureRepository(session).targets_of_year(chosen)
        return [SalesTarget.from_row(r) for r in rows]
