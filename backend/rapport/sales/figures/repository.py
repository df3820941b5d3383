"""All SQL of sales figures: performance, forecast, funnel and targets, over the opportunities the caller sees.

Labels of reps and teams and a deal's region come from the identity and customer domains' query building
blocks (`user_names`, `team_names`, `top_team_ids`, `customer_rows`), joined as subqueries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Float,
    Numeric,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.core.i18n import reader_locale
from rapport.core.principal import Principal
from rapport.customers.service import customer_rows
from rapport.graphql.declare import Rows
from rapport.identity.service import team_names, top_team_ids, user_names
from rapport.sales.models import Lead, Opportunity, PipelineStage, SalesTarget, StageChange
from rapport.sales.scopes import visible_leads, visible_opportunities

#: A row of grouped counts: (group id, group label, values...).
Grouped = Sequence[Any]


def _month(at: Any) -> Any:
    return func.to_char(func.timezone("Asia/Shanghai", at), "YYYY-MM")


def _group(by: str, owner: Any, team: Any, names: tuple[Any, Any], province: Any, month: Any) -> tuple[Any, Any]:
    """(id, label) of the group a row falls in; `names` are the joined (users, teams) of the row's owner."""
    users, teams = names
    if by == "rep":
        return owner, func.coalesce(users.c.name, "—")
    if by == "team":
        return team, func.coalesce(teams.c.name, "—")
    if by == "region":
        return literal(None), func.coalesce(province, "—")
    return literal(None), _month(month)


def _furthest_stage(opportunities: Any) -> Any:
    """Per opportunity, the position of the furthest non-lost stage it ever entered (skipped stages count)."""
    return (
        select(StageChange.opportunity_id.label("opportunity_id"), func.max(PipelineStage.position).label("top"))
        .join(PipelineStage, PipelineStage.id == StageChange.to_stage_id)
        .where(PipelineStage.is_lost.is_(False), StageChange.opportunity_id.in_(opportunities))
        .group_by(StageChange.opportunity_id)
        .subquery("reached")
    )


def funnel_answer(principal: Principal | None, start: datetime, end: datetime) -> Rows:
    """`Query.salesFunnel` as one JSON answer (`rapport.graphql.json_roots`): per non-lost stage in order, how many
    opportunities created in the period reached it (or a later one: skipped stages count), their current amount,
    and the share of them that reached the next stage (null for the last, or when none reached this one)."""
    created = select(Opportunity.id).where(
        visible_opportunities(principal), Opportunity.created_at >= start, Opportunity.created_at < end
    )
    reached = _furthest_stage(created)
    steps = (
        select(
            PipelineStage.key.label("key"),
            # A seeded stage's name in the reader's language (as PipelineStage.name reads it).
            func.coalesce(PipelineStage.labels.op("->>")(literal(reader_locale.get())), PipelineStage.name).label(
                "name"
            ),
            PipelineStage.position.label("position"),
            func.count(Opportunity.id).label("reached"),
            func.coalesce(func.sum(Opportunity.amount), 0).label("amount"),
        )
        .select_from(PipelineStage)
        .outerjoin(reached, reached.c.top >= PipelineStage.position)
        .outerjoin(Opportunity, Opportunity.id == reached.c.opportunity_id)
        .where(PipelineStage.is_lost.is_(False))
        .group_by(PipelineStage.id)
        .subquery("steps")
    )
    nxt = func.lead(steps.c.reached).over(order_by=steps.c.position)
    ranked = select(steps, nxt.label("next")).subquery("ranked")
    r = ranked.c
    to_next = case(
        (and_(r.next.is_not(None), r.reached > 0), func.round(cast(r.next, Numeric) / r.reached, 4)), else_=None
    )
    step = func.json_build_object(
        "stageKey",
        r.key,
        "stageName",
        r.name,
        "reached",
        r.reached,
        "amount",
        cast(func.round(cast(r.amount, Numeric), 2), Text),
        "toNext",
        to_next,
    )
    answer = func.coalesce(func.json_agg(aggregate_order_by(step, r.position)), literal_column("'[]'::json"))
    return Rows(select(answer.label("answer")).select_from(ranked))


class FigureRepository:
    """Aggregates of opportunities, leads and targets, computed in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lead_counts(
        self, principal: Principal | None, start: datetime, end: datetime, by: str
    ) -> dict[tuple[Any, str], tuple[int, int]]:
        """Leads captured in the period and how many of them are converted, per group."""
        users, teams = user_names().subquery("owner"), team_names().subquery("owner_team")
        key_id, key = _group(by, Lead.owner_id, Lead.team_id, (users, teams), Lead.province, Lead.created_at)
        stmt = (
            select(key_id, key, func.count(), func.count().filter(Lead.status == "converted"))
            .select_from(Lead)
            .outerjoin(users, users.c.id == Lead.owner_id)
            .outerjoin(teams, teams.c.id == Lead.team_id)
            .where(visible_leads(principal), Lead.created_at >= start, Lead.created_at < end)
            .group_by(key_id, key)
        )
        return {(row[0], row[1]): (int(row[2]), int(row[3])) for row in await self.session.execute(stmt)}

    async def performance(self, principal: Principal | None, start: datetime, end: datetime, by: str) -> list[Grouped]:
        """Per group: id, label, won amount, won, lost and open counts, and the average days to win.

        Won and lost count opportunities closed in the period (by month: in the month they closed); open counts
        those created in it and still open. Groups with nothing to count are left out; biggest won amount first.
        """
        closed_in = and_(Opportunity.closed_at >= start, Opportunity.closed_at < end)
        created_in = and_(Opportunity.created_at >= start, Opportunity.created_at < end)
        month_of = case((closed_in, Opportunity.closed_at), else_=Opportunity.created_at)
        users, teams = user_names().subquery("owner"), team_names().subquery("owner_team")
        customers = customer_rows().subquery("deal_customer")
        key_id, key = _group(
            by, Opportunity.owner_id, Opportunity.team_id, (users, teams), customers.c.province, month_of
        )
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
            .outerjoin(users, users.c.id == Opportunity.owner_id)
            .outerjoin(teams, teams.c.id == Opportunity.team_id)
            .join(customers, customers.c.id == Opportunity.customer_id)
            .where(visible_opportunities(principal), or_(won, lost, still_open))
            .group_by(key_id, key)
            .order_by(won_amount.desc(), key)
        )
        return list((await self.session.execute(stmt)).all())

    async def stage_win_rates(self, principal: Principal | None) -> dict[Any, float]:
        """For each stage: of the closed opportunities that reached it (or passed it), the share that was won."""
        closed = select(Opportunity.id).where(visible_opportunities(principal), Opportunity.status.in_(("won", "lost")))
        reached = _furthest_stage(closed)
        stmt = (
            select(PipelineStage.id, cast(func.count().filter(Opportunity.status == "won"), Float) / func.count())
            .join(reached, reached.c.top >= PipelineStage.position)
            .join(Opportunity, Opportunity.id == reached.c.opportunity_id)
            .where(PipelineStage.is_lost.is_(False))
            .group_by(PipelineStage.id)
        )
        return {row[0]: float(row[1]) for row in await self.session.execute(stmt)}

    async def open_by_stage(self, principal: Principal | None, start: date, end: date) -> list[Grouped]:
        """Open opportunities expected to close in [start, end) or undated, per stage: stage id, count, amount,
        amount weighted by the stage's probability."""
        in_period = (Opportunity.expected_close.is_(None)) | and_(
            Opportunity.expected_close >= start, Opportunity.expected_close < end
        )
        stmt = (
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
        return list((await self.session.execute(stmt)).all())

    async def won_amount(self, principal: Principal | None, start: date, end: date) -> Any:
        """The amount of opportunities won in [start, end), local days."""
        closed_on = func.timezone("Asia/Shanghai", Opportunity.closed_at)
        stmt = select(func.coalesce(func.sum(Opportunity.amount), 0)).where(
            visible_opportunities(principal), Opportunity.status == "won", closed_on >= start, closed_on < end
        )
        return (await self.session.execute(stmt)).scalar_one()

    async def stage_keys(self) -> dict[Any, str]:
        """Stage keys by id, in pipeline order."""
        stmt = select(PipelineStage.id, PipelineStage.key).order_by(PipelineStage.position)
        return {row[0]: row[1] for row in await self.session.execute(stmt)}

    async def target_sum(self, principal: Principal, period: str, start: date) -> Any:
        """The caller's target of a period: a director's (or admin's) is the top sales teams' sum, a manager's
        their team's, a rep's own; None when none is set."""
        own = select(func.sum(SalesTarget.amount)).where(
            SalesTarget.period == period, SalesTarget.period_start == start
        )
        if "sales_director" in principal.roles or principal.is_admin:
            stmt = own.where(SalesTarget.team_id.in_(top_team_ids("sales")))
        elif "sales_manager" in principal.roles and principal.team_id is not None:
            stmt = own.where(SalesTarget.team_id == principal.team_id)
        else:
            stmt = own.where(SalesTarget.user_id == principal.user_id)
        return (await self.session.execute(stmt)).scalar_one()

    async def targets_by(self, by: str, first: date, end: date) -> dict[Any, Any]:
        """Per rep (or team) id: the sum of its monthly targets of the months beginning in [first, end), and of its
        quarterly targets of the quarters wholly in it whose months have no monthly target."""
        owner = SalesTarget.user_id if by == "rep" else SalesTarget.team_id
        month = aliased(SalesTarget)
        month_owner = month.user_id if by == "rep" else month.team_id
        quarter_end = SalesTarget.period_start + text("interval '3 months'")
        monthly = select(owner.label("owner"), SalesTarget.amount.label("amount")).where(
            SalesTarget.period == "month", SalesTarget.period_start >= first, SalesTarget.period_start < end
        )
        months_set = exists().where(
            month.period == "month",
            month_owner == owner,
            month.period_start >= SalesTarget.period_start,
            month.period_start < quarter_end,
        )
        quarterly = select(owner.label("owner"), SalesTarget.amount.label("amount")).where(
            SalesTarget.period == "quarter", SalesTarget.period_start >= first, quarter_end <= end, ~months_set
        )
        targets = union_all(monthly, quarterly).subquery("targets")
        stmt = (
            select(targets.c.owner, func.sum(targets.c.amount))
            .where(targets.c.owner.is_not(None))
            .group_by(targets.c.owner)
        )
        return {row[0]: row[1] for row in await self.session.execute(stmt)}

    async def target_of(self, user_id: Any, team_id: Any, period: str, period_start: date) -> SalesTarget | None:
        """The target of a rep or a team for a period, if set."""
        stmt = select(SalesTarget).where(
            SalesTarget.period == period,
            SalesTarget.period_start == period_start,
            SalesTarget.user_id.is_(None) if user_id is None else SalesTarget.user_id == user_id,
            SalesTarget.team_id.is_(None) if team_id is None else SalesTarget.team_id == team_id,
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def targets_of_year(self, year: int) -> list[SalesTarget]:
        """Targets of the periods starting in a year, in period order."""
        stmt = (
            select(SalesTarget)
            .where(SalesTarget.period_start >= date(year, 1, 1), SalesTarget.period_start < date(year + 1, 1, 1))
            .order_by(SalesTarget.period_start, SalesTarget.period, SalesTarget.id)
        )
        return list((await self.session.execute(stmt)).scalars())
