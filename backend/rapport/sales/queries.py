"""Sales queries: leads, opportunities, the pipeline, approvals, the public pool and figures."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Annotated

import strawberry

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.customers.repository import CustomerRepository
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id, to_global_id
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    decode_time_cursor,
    page_size,
    time_cursor,
)
from rapport.identity.types import User
from rapport.sales import figures, loaders, pool
from rapport.sales.inputs import ApprovalFilter, LeadFilter, OpportunityFilter, PoolFilter
from rapport.sales.repository import LeadFilterSpec, SalesRepository
from rapport.sales.types import (
    Approval,
    FunnelStep,
    Lead,
    Opportunity,
    PipelineStage,
    PoolCustomer,
    SalesForecast,
    SalesPerformanceRow,
    SalesPeriod,
    StageWinRate,
)


def _ids(values: Sequence[str] | None, type_name: str) -> list[uuid.UUID] | None:
    return None if values is None else [from_global_id(v, type_name)[1] for v in values]


def _values(values: Sequence[Enum] | None) -> list[str] | None:
    return None if values is None else [str(v.value) for v in values]


def local_start(day: date) -> datetime:
    """Midnight of a day in China time (sales periods are local days)."""
    return datetime.combine(day, time.min, figures.LOCAL)


@strawberry.enum(description="How salesPerformance groups its rows.")
class SalesDimension(Enum):
    """rep, team, region (province) or month."""

    REP = "rep"
    TEAM = "team"
    REGION = "region"
    MONTH = "month"


def _period_start(period: SalesPeriod, start: date | None) -> date:
    today = clock.now().astimezone(figures.LOCAL).date()
    day = start or today
    month = day.month if period is SalesPeriod.MONTH else (day.month - 1) // 3 * 3 + 1
    if start is not None and (start.day != 1 or start.month != month):
        raise BadUserInputError(
            "periodStart is the first day of a month (of a quarter: January, April, July or October).",
            field="periodStart",
        )
    return date(day.year, month, 1)


def _range(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    today = clock.now().astimezone(figures.LOCAL).date()
    first = start or today.replace(day=1)
    last = end or figures.period_end("month", today.replace(day=1))
    if last <= first:
        raise BadUserInputError("`to` must be after `from`.", field="to")
    if (last - first).days > 3 * 366:
        raise BadUserInputError("Ask for at most three years at a time.", field="to")
    return local_start(first), local_start(last)


DateFrom = Annotated[date | None, strawberry.argument(name="from", description="First day (default: this month's).")]
DateTo = Annotated[date | None, strawberry.argument(name="to", description="Day after the last (default: next month).")]


@strawberry.type
class SalesQuery:
    """Root query fields of sales."""

    @strawberry.field(description="A lead by id; null when missing or not yours to see.")
    async def lead(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Lead | None:
        """One lead."""
        try:
            _, raw = from_global_id(id, "Lead")
        except BadUserInputError:
            return None
        row = await info.context.loaders.scoped(loaders.lead_by_id).load(raw)
        return None if row is None else Lead.from_row(row)

    @strawberry.field(description="Leads you may see (your own, your team's or all), newest first.")
    async def leads(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[LeadFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Lead]:
        """A page of leads."""
        size, position = page_size(first), decode_time_cursor(after)
        spec = LeadFilterSpec(
            statuses=_values(filter.statuses) if filter else None,
            owner_ids=_ids(filter.owner_ids, "User") if filter else None,
            sources=filter.sources if filter else None,
            unassigned=bool(filter and filter.unassigned),
        )
        principal, db = info.context.principal, info.context.db
        async with db.read() as session:
            rows = await SalesRepository(session).leads_page(principal, spec, position, size + 1)

        async def count() -> int:
            async with db.read() as session:
                return await SalesRepository(session).count_leads(principal, spec)

        return build_connection(
            rows,
            size,
            to_node=Lead.from_row,
            cursor_of=lambda r: time_cursor(r.created_at, r.id),
            has_previous=position is not None,
            count=count,
        )

    @strawberry.field(description="An opportunity by id; null when missing or not yours to see.")
    async def opportunity(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Opportunity | None:
        """One opportunity."""
        try:
            _, raw = from_global_id(id, "Opportunity")
        except BadUserInputError:
            return None
        row = await info.context.loaders.scoped(loaders.opportunity_by_id).load(raw)
        return None if row is None else Opportunity.from_row(row)

    @strawberry.field(description="Opportunities you may see, newest first (the pipeline board filters by stage).")
    async def opportunities(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[OpportunityFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Opportunity]:
        """A page of opportunities."""
        size, position = page_size(first), decode_time_cursor(after)
        filters = {
            "statuses": _values(filter.statuses) if filter else None,
            "stage_ids": _ids(filter.stage_ids, "PipelineStage") if filter else None,
            "customer_ids": _ids(filter.customer_ids, "Customer") if filter else None,
            "owner_ids": _ids(filter.owner_ids, "User") if filter else None,
            "search": (filter.search or "").strip() or None if filter else None,
        }
        principal, db = info.context.principal, info.context.db
        async with db.read() as session:
            rows = await SalesRepository(session).opportunities(principal, after=position, limit=size + 1, **filters)

        async def count() -> int:
            async with db.read() as session:
                return await SalesRepository(session).count_opportunities(principal, **filters)

        return build_connection(
            rows,
            size,
            to_node=Opportunity.from_row,
            cursor_of=lambda r: time_cursor(r.created_at, r.id),
            has_previous=position is not None,
            count=count,
        )

    @strawberry.field(description="The pipeline's stages in order.")
    async def pipeline_stages(self, info: Info) -> list[PipelineStage]:
        """Stages."""
        async with info.context.db.read() as session:
            rows = await SalesRepository(session).stages()
        return [PipelineStage.from_row(s) for s in rows]

    @strawberry.field(description="Approval requests on opportunities you may see, oldest first.")
    async def approvals(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[ApprovalFilter | None, strawberry.argument(description="Default: pending.")] = None,
    ) -> Connection[Approval]:
        """A page of approval requests."""
        size, position = page_size(first), decode_time_cursor(after)
        statuses = _values(filter.statuses) if filter and filter.statuses else ["pending"]
        principal, db = info.context.principal, info.context.db
        async with db.read() as session:
            rows = await SalesRepository(session).approvals(
                principal, statuses=statuses, after=position, limit=size + 1
            )

        async def count() -> int:
            async with db.read() as session:
                return await SalesRepository(session).count_approvals(principal, statuses)

        return build_connection(
            rows,
            size,
            to_node=Approval.from_row,
            cursor_of=lambda r: time_cursor(r.created_at, r.id),
            has_previous=position is not None,
            count=count,
        )

    @strawberry.field(description="Customers in the public pool, longest there first, with what reps may see.")
    async def public_pool(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[PoolFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[PoolCustomer]:
        """A page of the pool."""
        size, position = page_size(first), decode_time_cursor(after)
        where = {
            "provinces": filter.provinces if filter else None,
            "grades": [g.value for g in filter.grades] if filter and filter.grades else None,
            "industries": filter.industries if filter else None,
        }
        db = info.context.db
        async with db.read() as session:
            rows = await SalesRepository(session).public_pool(after=position, limit=size + 1, **where)

        async def count() -> int:
            async with db.read() as session:
                return await SalesRepository(session).count_public_pool(**where)

        return build_connection(
            rows,
            size,
            to_node=PoolCustomer.from_row,
            cursor_of=lambda r: time_cursor(r.in_pool_since or r.created_at, r.id),
            has_previous=position is not None,
            count=count,
        )

    @strawberry.field(description="Your customers that return to the public pool soonest (within the given days).")
    async def pool_watchlist(
        self,
        info: Info,
        within_days: Annotated[int, strawberry.argument(description="Days ahead, 1-60.")] = 7,
        first: First = None,
    ) -> list[Customer]:
        """Customers about to return to the pool."""
        if not 1 <= within_days <= 60:
            raise BadUserInputError("withinDays is 1 to 60.", field="withinDays")
        principal = info.context.principal
        async with info.context.db.read() as session:
            ids = await SalesRepository(session).pool_watchlist(principal, clock.now(), within_days, page_size(first))
            rows = {r[0].id: r for r in await CustomerRepository(session).rows_by_ids(principal, ids)}
        return [Customer.from_row(rows[i]) for i in ids if i in rows]

    @strawberry.field(description="The sales reps, managers and directors you may hand work to (your team's, or all).")
    async def sales_force(self, info: Info) -> list[User]:
        """Sales users."""
        async with info.context.db.read() as session:
            rows = await SalesRepository(session).sales_force(info.context.viewer)
        return [User.from_row(u) for u in rows]

    @strawberry.field(description="How many more pool customers you may claim today.")
    async def pool_claims_left(self, info: Info) -> int:
        """Claims left today."""
        async with info.context.db.read() as session:
            return await pool.claims_left(session, info.context.viewer)

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
            rows = await figures.performance(session, info.context.principal, start, end, by.value)
        return [
            SalesPerformanceRow(
                key=r.key,
                id=None if r.key_id is None else to_global_id("User" if by is SalesDimension.REP else "Team", r.key_id),
                won_amount=r.won_amount,
                won=r.won,
                lost=r.lost,
                open=r.open,
                win_rate=r.win_rate,
                avg_cycle_days=r.avg_cycle_days,
                leads=r.leads,
                converted_leads=r.converted_leads,
                lead_conversion_rate=r.lead_conversion_rate,
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
            f = await figures.forecast(session, info.context.principal, period.value, start)
        target = f.target

        def share(value: object) -> float | None:
            return round(float(value) / float(target), 4) if target else None  # type: ignore[arg-type]

        return SalesForecast(
            period_start=start,
            period_end=figures.period_end(period.value, start),
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
        async with info.context.db.read() as session:
            steps = await figures.funnel(session, info.context.principal, start, end)
        return [
            FunnelStep(
                stage_key=s.stage_key, stage_name=s.stage_name, reached=s.reached, amount=s.amount, to_next=s.to_next
            )
            for s in steps
        ]
