"""Facts about opportunities as of a date, for win probability (analytics reads them; it never reads sales' tables).

Each statement takes `anchors`: a selectable with `opportunity_id` and `as_of` columns, and describes each
opportunity as it stood at its `as_of` from the stage history (`stage_change`), never from its current state, so a
closed deal described before it closed shows nothing of its closing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    case,
    extract,
    func,
    literal,
    select,
)
from sqlalchemy.orm import aliased

from rapport.core.principal import Principal
from rapport.sales.models import Opportunity, PipelineStage, StageChange
from rapport.sales.scopes import visible_opportunities

#: A SELECT of any columns.
Statement = Select[*tuple[Any, ...]]
#: The stage whose response time is measured (the wait for a follow-up after a quote was made).
QUOTE_STAGE = "quote"
#: Closed deals are described this long before they closed (the day before: no trace of the closing itself).
BEFORE_CLOSING = timedelta(days=1)


def _days(later: Any, earlier: Any) -> ColumnElement[Any]:
    return extract("epoch", later - earlier) / 86400.0


def closed_deal_anchors(
    closed_from: datetime | None = None, closed_before: datetime | None = None, principal: Principal | None = None
) -> Statement:
    """Won and lost opportunities (closed in the window, when given; within `principal`'s row scope when given),
    each anchored the day before it closed (at its creation when it closed sooner), with `won` 1 or 0."""
    o = Opportunity
    as_of = func.greatest(o.created_at, o.closed_at - BEFORE_CLOSING)
    statement = select(
        o.id.label("opportunity_id"),
        as_of.label("as_of"),
        case((o.status == "won", 1), else_=0).label("won"),
        o.closed_at.label("closed_at"),
    ).where(o.status.in_(("won", "lost")), o.closed_at.is_not(None))
    if closed_from is not None:
        statement = statement.where(o.closed_at >= closed_from)
    if closed_before is not None:
        statement = statement.where(o.closed_at < closed_before)
    if principal is not None:
        statement = statement.where(visible_opportunities(principal))
    return statement


def closed_deal_snapshots(closed_before: datetime | None = None) -> Statement:
    """Won and lost opportunities (closed before `closed_before`, when given) described once per open stage they
    went through, at the middle of their stay in it (so training sees deals at every point of their life, as open
    deals are scored, and never after the move that closed them), with `won` 1 or 0."""
    o = Opportunity
    change = StageChange
    stage = aliased(PipelineStage)
    stays = (
        select(
            change.opportunity_id,
            change.at,
            func.lead(change.at)
            .over(partition_by=change.opportunity_id, order_by=(change.at, change.id))
            .label("left_at"),
            stage.is_won,
            stage.is_lost,
        )
        .join(stage, stage.id == change.to_stage_id)
        .subquery("stays")
    )
    as_of = stays.c.at + (stays.c.left_at - stays.c.at) / 2
    statement = (
        select(
            o.id.label("opportunity_id"),
            as_of.label("as_of"),
            case((o.status == "won", 1), else_=0).label("won"),
            o.closed_at.label("closed_at"),
        )
        .join(stays, stays.c.opportunity_id == o.id)
        .where(
            o.status.in_(("won", "lost")),
            o.closed_at.is_not(None),
            stays.c.is_won.is_(False),
            stays.c.is_lost.is_(False),
            stays.c.left_at.is_not(None),
            as_of < o.closed_at,
        )
    )
    if closed_before is not None:
        statement = statement.where(o.closed_at < closed_before)
    return statement


def open_deal_anchors(as_of: datetime, ids: list[Any] | None = None) -> Statement:
    """Open opportunities (these, when given), anchored at `as_of`."""
    statement = select(Opportunity.id.label("opportunity_id"), literal(as_of).label("as_of")).where(
        Opportunity.status == "open"
    )
    if ids is not None:
        statement = statement.where(Opportunity.id.in_(ids))
    return statement


def open_deal_changes(since: datetime) -> Statement:
    """Open opportunities changed after `since`, with when each last changed (`opportunity_id`, `changed_at`): a
    stage move, an amount or a close date edited after a deal's score makes the score stale. (An index of open deals
    by `updated_at` reads only the recent ones.)"""
    return select(Opportunity.id.label("opportunity_id"), Opportunity.updated_at.label("changed_at")).where(
        Opportunity.status == "open", Opportunity.updated_at > since
    )


def deal_facts(anchors: FromClause) -> Statement:
    """Per anchored opportunity as of its `as_of`: customer, owner, team, amount, stage (key, position, default
    probability), age, days in the stage, stage moves, the furthest open stage reached, when it entered the quote
    stage, and the customer's earlier won and lost deals (closed before `as_of`)."""
    a = anchors.c
    o = Opportunity
    change = StageChange
    last = (
        select(change.to_stage_id.label("stage_id"), change.at.label("entered_at"))
        .where(change.opportunity_id == a.opportunity_id, change.at <= a.as_of)
        .order_by(change.at.desc(), change.id.desc())
        .limit(1)
        .lateral("last_change")
    )
    reached = aliased(PipelineStage)
    history = (
        select(
            func.count().label("moves"),
            func.max(reached.position).filter(reached.is_won.is_(False), reached.is_lost.is_(False)).label("top"),
            func.min(change.at).filter(reached.key == QUOTE_STAGE).label("quote_at"),
        )
        .select_from(change)
        .join(reached, reached.id == change.to_stage_id)
        .where(change.opportunity_id == a.opportunity_id, change.at <= a.as_of)
        .lateral("history")
    )
    earlier = aliased(Opportunity)
    customer_history = (
        select(
            func.count().filter(earlier.status == "won").label("won"),
            func.count().filter(earlier.status == "lost").label("lost"),
        )
        .where(
            earlier.customer_id == o.customer_id,
            earlier.id != o.id,
            earlier.closed_at < a.as_of,
            earlier.status.in_(("won", "lost")),
        )
        .lateral("customer_history")
    )
    stage = aliased(PipelineStage)
    stage_id = func.coalesce(last.c.stage_id, o.stage_id)
    entered = func.coalesce(last.c.entered_at, o.created_at)
    return (
        select(
            a.opportunity_id,
            a.as_of,
            o.customer_id,
            o.owner_id,
            o.team_id,
            o.amount,
            o.expected_close,
            stage.key.label("stage_key"),
            stage.position.label("stage_position"),
            stage.probability.label("stage_probability"),
            func.greatest(_days(a.as_of, o.created_at), 0).label("age_days"),
            func.greatest(_days(a.as_of, entered), 0).label("days_in_stage"),
            history.c.moves.label("stage_moves"),
            func.coalesce(history.c.top, stage.position).label("top_position"),
            history.c.quote_at.label("quote_entered_at"),
            customer_history.c.won.label("earlier_won"),
            customer_history.c.lost.label("earlier_lost"),
        )
        .select_from(anchors)
        .join(o, o.id == a.opportunity_id)
        .join(last, literal(True), isouter=True)
        .join(history, literal(True))
        .join(customer_history, literal(True))
        .join(stage, stage.id == stage_id)
    )


def open_stage_positions() -> Statement:
    """The open stages' keys and positions (neither won nor lost), first first."""
    s = PipelineStage
    return select(s.key, s.position).where(s.is_won.is_(False), s.is_lost.is_(False)).order_by(s.position)


def scoped_opportunity_ids(
    principal: Principal | None,
    *,
    close_from: Any = None,
    close_before: Any = None,
    owner_id: Any = None,
    team_id: Any = None,
) -> Statement:
    """Open opportunities the caller may see, expected to close in the window (by expected close date), of an owner
    or a team when given: their ids, amounts and stage probabilities."""
    o = Opportunity
    statement = (
        select(o.id, o.amount, PipelineStage.probability)
        .join(PipelineStage, PipelineStage.id == o.stage_id)
        .where(o.status == "open", visible_opportunities(principal))
    )
    conditions = []
    if close_from is not None:
        conditions.append(o.expected_close >= close_from)
    if close_before is not None:
        conditions.append(o.expected_close < close_before)
    if owner_id is not None:
        conditions.append(o.owner_id == owner_id)
    if team_id is not None:
        conditions.append(o.team_id == team_id)
    return statement.where(and_(*conditions)) if conditions else statement


def visible_opportunity(principal: Principal | None, opportunity_id: Any) -> Statement:
    """The opportunity's id, status and closing time when the caller may see it (no row otherwise)."""
    o = Opportunity
    return select(o.id, o.status, o.closed_at).where(o.id == opportunity_id, visible_opportunities(principal))
