"""Root query fields of sales figures: performance, forecast, funnel, and the targets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.json_roots import from_json, json_answer, json_root, selected_fields
from rapport.graphql.kit import rows_of
from rapport.sales.enums import SalesDimension, SalesPeriod
from rapport.sales.figures import service
from rapport.sales.figures.answers import forecast_answer, funnel_answer, performance_answer
from rapport.sales.figures.repository import target_rows
from rapport.sales.figures.types import FunnelStep, SalesForecast, SalesPerformanceRow, SalesTarget

#: Midnight of a day in China time (sales periods are local days).
local_start = clock.business_day_start


def _period_start(period: SalesPeriod, start: date | None) -> date:
    today = clock.now().astimezone(service.LOCAL).date()
    day = start or today
    month = day.month if period is SalesPeriod.MONTH else (day.month - 1) // 3 * 3 + 1
    if start is not None and start.year > 9998:
        raise BadUserInputError("periodStart is too far in the future.", field="periodStart")
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


def _in_full(start: date | None, end: date | None) -> tuple[datetime, datetime] | None:
    # A period given in full (a default reads today in Python: the resolvers answer it); None too when invalid
    # (the resolvers report it).
    if start is None or end is None:
        return None
    try:
        return _range(start, end)
    except BadUserInputError:
        return None


def _funnel(principal: Principal | None, arguments: Arguments) -> Rows | None:
    period = _in_full(arguments.get("from"), arguments.get("to"))
    return None if period is None else funnel_answer(principal, *period)


def _performance(principal: Principal | None, arguments: Arguments) -> Rows | None:
    period = _in_full(arguments.get("from"), arguments.get("to"))
    return None if period is None else performance_answer(principal, *period, arguments["by"].value)


def _forecast(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # The current period when none is given: the statement reads the request's clock (NOW).
    period, start = arguments.get("period") or SalesPeriod.MONTH, arguments.get("periodStart")
    if start is not None:
        try:
            start = _period_start(period, start)
        except BadUserInputError:
            return None
    return forecast_answer(principal, period.value, start, selected_fields(arguments))


#: The compiled root fields of sales figures (listed in the sales manifest).
ROOTS = {
    "salesFunnel": json_root("FunnelStep", _funnel, frozenset({"from", "to"})),
    "salesPerformance": json_root("SalesPerformanceRow", _performance, frozenset({"by", "from", "to"})),
    "salesForecast": json_root("SalesForecast", _forecast, frozenset({"period", "periodStart"})),
    "salesTargets": RootField(
        "SalesTarget", "list", lambda principal, a: target_rows(a.get("year")), frozenset({"year"})
    ),
}


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
        answer = performance_answer(info.context.principal, *_range(date_from, date_to), by.value)
        return [from_json(SalesPerformanceRow, row) for row in await json_answer(info, answer, list)]

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
        start = _period_start(period, period_start) if period_start is not None else None
        return await json_answer(info, forecast_answer(info.context.principal, period.value, start), SalesForecast)

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
        return await rows_of(info, target_rows(year), SalesTarget.from_row)
