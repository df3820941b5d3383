"""Sales figures as one JSON answer each (`rapport.graphql.json_roots`): performance, forecast and funnel.

Each function returns `Rows` whose statement selects the whole answer as one JSON value, every field under its
GraphQL name and every value as the schema serializes it (decimals as text, dates as ISO text). The compiler
embeds the statement and the resolvers read it (`json_answer`), so both paths answer from one definition.

A forecast without a period start reads the request's clock (`NOW`) in SQL, so a compiled statement reused on
another day answers that day's period.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
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
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from rapport.core.clock import BUSINESS_TZ
from rapport.core.i18n import reader_locale
from rapport.core.principal import Principal
from rapport.customers.service import customer_rows
from rapport.graphql.declare import NOW, Rows, shared_part
from rapport.graphql.json_roots import answer_object
from rapport.graphql.node import global_id_sql
from rapport.identity.service import team_names, top_team_ids, user_names
from rapport.sales.figures.repository import furthest_stage, group_of
from rapport.sales.models import Lead, Opportunity, PipelineStage, SalesTarget
from rapport.sales.scopes import visible_leads, visible_opportunities

_EMPTY: Any = literal_column("'[]'::json")
_ZONE = BUSINESS_TZ.key


def _money(value: Any) -> Any:
    """A Decimal field's value: rounded to cents, as text."""
    return cast(func.round(cast(value, Numeric), 2), Text)


def _share(part: Any, whole: Any) -> Any:
    """A Float field's share part / whole rounded to 4 places; null when the whole is 0 or null."""
    return case((whole != 0, _float(func.round(cast(part, Numeric) / whole, 4))), else_=null())


def _float(value: Any) -> Any:
    """A Float field's value as double precision: JSON shows it as the resolvers' float does (0.5, not 0.5000)."""
    return cast(value, Float)


def _iso(day: Any) -> Any:
    return func.to_char(day, "YYYY-MM-DD")


def funnel_answer(principal: Principal | None, start: datetime, end: datetime) -> Rows:
    """`Query.salesFunnel`: per non-lost stage in order, how many opportunities created in the period reached it
    (or a later one: skipped stages count), their current amount, and the share of them that reached the next
    stage (null for the last, or when none reached this one)."""
    created = select(Opportunity.id).where(
        visible_opportunities(principal), Opportunity.created_at >= start, Opportunity.created_at < end
    )
    reached = furthest_stage(created)
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
    to_next = case((r.next.is_not(None), _share(r.next, r.reached)), else_=null())
    step = func.json_build_object(
        "stageKey", r.key, "stageName", r.name, "reached", r.reached, "amount", _money(r.amount), "toNext", to_next
    )
    answer = func.coalesce(func.json_agg(aggregate_order_by(step, r.position)), _EMPTY)
    return Rows(select(answer.label("answer")).select_from(ranked))


def _opportunity_groups(principal: Principal | None, start: datetime, end: datetime, by: str) -> Any:
    """Per group: won amount, won, lost and open counts and the average days to win (`performance_answer`)."""
    closed_in = and_(Opportunity.closed_at >= start, Opportunity.closed_at < end)
    created_in = and_(Opportunity.created_at >= start, Opportunity.created_at < end)
    month_of = case((closed_in, Opportunity.closed_at), else_=Opportunity.created_at)
    users, teams = user_names().subquery("owner"), team_names().subquery("owner_team")
    customers = customer_rows().subquery("deal_customer")
    group_id, key = group_of(
        by, Opportunity.owner_id, Opportunity.team_id, (users, teams), customers.c.province, month_of
    )
    won = and_(Opportunity.status == "won", closed_in)
    lost = and_(Opportunity.status == "lost", closed_in)
    still_open = and_(Opportunity.status == "open", created_in)
    cycle = func.extract("epoch", Opportunity.closed_at - Opportunity.created_at) / 86400.0
    return (
        select(
            group_id.label("group_id"),
            key.label("key"),
            func.coalesce(func.sum(case((won, Opportunity.amount), else_=0)), 0).label("won_amount"),
            func.count().filter(won).label("won"),
            func.count().filter(lost).label("lost"),
            func.count().filter(still_open).label("open"),
            func.avg(case((won, cycle))).label("cycle"),
        )
        .select_from(Opportunity)
        .outerjoin(users, users.c.id == Opportunity.owner_id)
        .outerjoin(teams, teams.c.id == Opportunity.team_id)
        .join(customers, customers.c.id == Opportunity.customer_id)
        .where(visible_opportunities(principal), or_(won, lost, still_open))
        .group_by(group_id, key)
        .subquery("deals")
    )


def _lead_groups(principal: Principal | None, start: datetime, end: datetime, by: str) -> Any:
    """Per group: leads captured in the period and how many of them are converted (`performance_answer`)."""
    users, teams = user_names().subquery("lead_owner"), team_names().subquery("lead_team")
    group_id, key = group_of(by, Lead.owner_id, Lead.team_id, (users, teams), Lead.province, Lead.created_at)
    return (
        select(
            group_id.label("group_id"),
            key.label("key"),
            func.count().label("leads"),
            func.count().filter(Lead.status == "converted").label("converted"),
        )
        .select_from(Lead)
        .outerjoin(users, users.c.id == Lead.owner_id)
        .outerjoin(teams, teams.c.id == Lead.team_id)
        .where(visible_leads(principal), Lead.created_at >= start, Lead.created_at < end)
        .group_by(group_id, key)
        .subquery("captured")
    )


def _targets_by(by: str, first: date, end: date) -> Any:
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
    return (
        select(targets.c.owner.label("owner"), func.sum(targets.c.amount).label("amount"))
        .where(targets.c.owner.is_not(None))
        .group_by(targets.c.owner)
        .subquery("group_targets")
    )


def performance_answer(principal: Principal | None, start: datetime, end: datetime, by: str) -> Rows:
    """`Query.salesPerformance`: won amount and count, lost count, open count, win rate and average cycle per rep,
    team, region or month, with the leads captured and converted.

    Won and lost count opportunities closed in the period (by month: in the month they closed); open counts those
    created in it and still open; leads count those captured in it. Groups with nothing to count are left out;
    groups with deals come first, biggest won amount first, then groups with only leads. A rep or team comes with
    its target for the period and how much of it is won (`attainment`)."""
    deals, captured = _opportunity_groups(principal, start, end, by), _lead_groups(principal, start, end, by)
    same = and_(deals.c.group_id.is_not_distinct_from(captured.c.group_id), deals.c.key == captured.c.key)
    group_id = func.coalesce(deals.c.group_id, captured.c.group_id)
    key = func.coalesce(deals.c.key, captured.c.key)
    won_amount = func.coalesce(deals.c.won_amount, 0)
    won, lost = func.coalesce(deals.c.won, 0), func.coalesce(deals.c.lost, 0)
    leads = func.coalesce(captured.c.leads, 0)
    joined = deals.join(captured, same, full=True)
    target: Any = null()
    if by in ("rep", "team"):
        local = BUSINESS_TZ
        targets = _targets_by(by, start.astimezone(local).date(), end.astimezone(local).date())
        joined = joined.outerjoin(targets, targets.c.owner == group_id)
        target = targets.c.amount
    identity: Any = null()
    if by in ("rep", "team"):
        identity = case((group_id.is_(None), null()), else_=global_id_sql("User" if by == "rep" else "Team", group_id))
    row = func.json_build_object(
        "key", key,
        "id", identity,
        "wonAmount", _money(won_amount),
        "won", won,
        "lost", lost,
        "open", func.coalesce(deals.c.open, 0),
        "winRate", _share(won, won + lost),
        "avgCycleDays", _float(func.round(cast(deals.c.cycle, Numeric), 2)),
        "leads", leads,
        "convertedLeads", func.coalesce(captured.c.converted, 0),
        "leadConversionRate", _share(captured.c.converted, leads),
        "target", _money(target),
        "attainment", _share(won_amount, target),
    )  # fmt: skip
    order = aggregate_order_by(row, deals.c.key.is_(None), won_amount.desc(), key, cast(group_id, Text))
    return Rows(select(func.coalesce(func.json_agg(order), _EMPTY).label("answer")).select_from(joined))


def period_sql(period: str, start: date | None) -> tuple[Any, Any]:
    """SQL of a month's or quarter's first day (given, or the current one of the request's clock) and of the day
    after it."""
    unit = "quarter" if period == "quarter" else "month"
    first: Any = (
        literal(start, Date) if start is not None else cast(func.date_trunc(unit, func.timezone(_ZONE, NOW)), Date)
    )
    months = 3 if period == "quarter" else 1
    return first, cast(first + text(f"interval '{months} months'"), Date)


def _target_sql(principal: Principal | None, period: str, first: Any, end: Any) -> Any:
    """The caller's target for the period: a director's (or admin's) is the top sales teams' sum, a manager's their
    team's, a rep's own; a quarter without a quarterly target sums the monthly targets in it; null when none."""
    if principal is None:
        return null()
    if "sales_director" in principal.roles or principal.is_admin:
        whose: Any = SalesTarget.team_id.in_(top_team_ids("sales"))
    elif "sales_manager" in principal.roles and principal.team_id is not None:
        whose = SalesTarget.team_id == principal.team_id
    else:
        whose = SalesTarget.user_id == principal.user_id
    total = func.sum(SalesTarget.amount)
    own = select(total).where(whose, SalesTarget.period == period, SalesTarget.period_start == first)
    if period != "quarter":
        return own.scalar_subquery()
    months = select(total).where(
        whose, SalesTarget.period == "month", SalesTarget.period_start >= first, SalesTarget.period_start < end
    )
    return func.coalesce(own.scalar_subquery(), months.scalar_subquery())


_RATE_COLUMNS = frozenset({"stage_id", "key", "position", "rate"})


def _win_rates(principal: Principal | None) -> Any:
    """Per non-lost stage, the share won of the visible closed deals that reached it or passed it. A forecast reads
    it twice (to weigh the pipeline, and to list the rates) and a page may ask for two forecasts: on the compiled
    path every read is one common table expression (`shared_part`), computed once per statement."""

    def build(_: frozenset[str]) -> Any:
        closed = select(Opportunity.id).where(visible_opportunities(principal), Opportunity.status.in_(("won", "lost")))
        reached = furthest_stage(closed)
        return (
            select(
                PipelineStage.id.label("stage_id"),
                PipelineStage.key.label("key"),
                PipelineStage.position.label("position"),
                (cast(func.count().filter(Opportunity.status == "won"), Numeric) / func.count()).label("rate"),
            )
            .join(reached, reached.c.top >= PipelineStage.position)
            .join(Opportunity, Opportunity.id == reached.c.opportunity_id)
            .where(PipelineStage.is_lost.is_(False))
            .group_by(PipelineStage.id)
        )

    return shared_part(("win_rates", id(principal)), _RATE_COLUMNS, build, "rates")


def forecast_answer(
    principal: Principal | None, period: str, start: date | None, selected: frozenset[str] | None = None
) -> Rows:
    """`Query.salesForecast`: open opportunities expected to close in the month or quarter (undated ones count in),
    weighted by their stage's probability and by its historical win rate (of the closed deals that reached it or
    passed it, the share won), what is won in it, and the caller's target; `selected`: the answer's fields the
    operation reads (None: all)."""
    first, end = period_sql(period, start)
    rates = _win_rates(principal)
    in_period = Opportunity.expected_close.is_(None) | and_(
        Opportunity.expected_close >= first, Opportunity.expected_close < end
    )
    history = func.coalesce(func.round(rates.c.rate, 6), 0)
    pipeline = (
        select(
            func.count().label("count"),
            func.coalesce(func.sum(Opportunity.amount), 0).label("amount"),
            func.coalesce(func.sum(Opportunity.amount * PipelineStage.probability / literal(100, Numeric)), 0).label(
                "by_probability"
            ),
            func.coalesce(func.sum(Opportunity.amount * history), 0).label("by_history"),
        )
        .select_from(Opportunity)
        .join(PipelineStage, PipelineStage.id == Opportunity.stage_id)
        .outerjoin(rates, rates.c.stage_id == Opportunity.stage_id)
        .where(visible_opportunities(principal), Opportunity.status == "open", in_period)
    )
    closed_on = func.timezone(_ZONE, Opportunity.closed_at)
    won = select(func.coalesce(func.sum(Opportunity.amount), 0)).where(
        visible_opportunities(principal), Opportunity.status == "won", closed_on >= first, closed_on < end
    )
    # Kept apart (`OFFSET 0`): flattened into the answer, the won sum and the target would be copied into every
    # field that reads them (the shares read the target twice), each copy a subquery of its own to plan and run.
    figures = (
        select(
            *pipeline.subquery("pipeline").c,
            won.scalar_subquery().label("won"),
            _target_sql(principal, period, first, end).label("target"),
            first.label("first"),
            end.label("after"),
        )
        .offset(0)
        .subquery("figures")
    )
    f = figures.c
    listed = _win_rates(principal)
    stage = func.json_build_object("stageKey", listed.c.key, "rate", _float(func.round(listed.c.rate, 4)))
    win_rates = select(func.coalesce(func.json_agg(aggregate_order_by(stage, listed.c.position)), _EMPTY))
    by_probability = func.round(f.by_probability, 2)
    answer = answer_object(selected, {
        "periodStart": _iso(f.first),
        "periodEnd": _iso(f.after),
        "openCount": f.count,
        "openAmount": _money(f.amount),
        "weightedByProbability": _money(by_probability),
        "weightedByHistory": _money(f.by_history),
        "wonAmount": _money(f.won),
        "target": _money(f.target),
        "attainment": _share(f.won, f.target),
        "projectedAttainment": _share(f.won + by_probability, f.target),
        "stageWinRates": win_rates.scalar_subquery(),
    })  # fmt: skip
    return Rows(select(answer.label("answer")).select_from(figures))
