"""All SQL of service figures: aggregates over the tickets the caller may see (never lists summed in Python)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Numeric, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.core.principal import Principal
from rapport.graphql.declare import Rows
from rapport.graphql.json_roots import answer_object
from rapport.graphql.node import global_id_sql
from rapport.identity.service import team_names, user_names
from rapport.support.models import Ticket
from rapport.support.repository import is_open
from rapport.support.scopes import visible_tickets

MINUTES = 60.0


def _period(stmt: Any, start: datetime | None, end: datetime | None) -> Any:
    if start is not None:
        stmt = stmt.where(Ticket.created_at >= start)
    if end is not None:
        stmt = stmt.where(Ticket.created_at < end)
    return stmt


def _rounded(value: Any, digits: int) -> Any:
    """A double rounded to `digits` decimals (null stays null), as the answer shows it."""
    return func.round(cast(value, Numeric), digits)


def _array(subquery: Any, item: Any, *order: Any) -> Any:
    """The JSON array of `item` over a subquery's rows, in order (empty, not null, without rows)."""
    items = func.json_agg(aggregate_order_by(item, *order))
    return select(func.coalesce(items, literal_column("'[]'::json"))).select_from(subquery).scalar_subquery()


def _summary(principal: Principal | None, start: datetime | None, end: datetime | None) -> Any:
    """Times, SLA compliance, satisfaction and reopen rate of tickets created in a period (one row)."""
    epoch = func.extract
    first = epoch("epoch", Ticket.first_responded_at - Ticket.created_at) / MINUTES
    resolution = epoch("epoch", Ticket.resolved_at - Ticket.created_at) / MINUTES
    on_time = [
        case((done.is_(None), None), (done <= due, 1.0), else_=0.0)
        for done, due in (
            (Ticket.first_responded_at, Ticket.first_response_due_at),
            (Ticket.resolved_at, Ticket.resolution_due_at),
        )
    ]
    reopened = case(
        (Ticket.rated_at.is_(None) & (Ticket.reopen_count == 0), None), (Ticket.reopen_count > 0, 1.0), else_=0.0
    )
    return _period(
        select(
            func.count().label("created"),
            func.count(Ticket.resolved_at).label("resolved"),
            func.avg(first).label("first"),
            func.avg(resolution).label("resolution"),
            func.avg(on_time[0]).label("first_on_time"),
            func.avg(on_time[1]).label("resolution_on_time"),
            func.avg(cast(Ticket.rating, Float)).label("csat"),
            func.count(Ticket.rating).label("ratings"),
            func.avg(reopened).label("reopened"),
        ).where(visible_tickets(principal)),
        start,
        end,
    ).subquery("summary")


def _backlog(principal: Principal | None) -> Any:
    """Open tickets per status (key) and queue (second: its global id), now."""
    rows = (
        select(Ticket.status.label("key"), Ticket.queue_id.label("queue"), func.count().label("n"))
        .where(visible_tickets(principal), is_open())
        .group_by(Ticket.status, Ticket.queue_id)
        .subquery("backlog")
    )
    queue = case((rows.c.queue.is_(None), None), else_=global_id_sql("Team", rows.c.queue))
    item = func.json_build_object("key", rows.c.key, "second", queue, "count", rows.c.n)
    return _array(rows, item, rows.c.key, rows.c.queue)


def _volume(principal: Principal | None, start: datetime | None, end: datetime | None, bucket: str, by: str) -> Any:
    """Tickets created per time bucket (day, week, month: key) and category or channel (second)."""
    column = Ticket.category if by == "category" else Ticket.channel
    period = func.date_trunc(bucket, func.timezone("Asia/Shanghai", Ticket.created_at))
    rows = (
        _period(
            select(period.label("period"), column.label("second"), func.count().label("n")).where(
                visible_tickets(principal)
            ),
            start,
            end,
        )
        .group_by(period, column)
        .subquery(f"volume_{by}")
    )
    key = func.to_char(rows.c.period, "YYYY-MM-DD")
    item = func.json_build_object("key", key, "second", rows.c.second, "count", rows.c.n)
    return _array(rows, item, rows.c.period, rows.c.second)


def _csat(principal: Principal | None, start: datetime | None, end: datetime | None, by: str) -> Any:
    """Average ratings per agent (the one rated) or team (queue), best first, with the agent's or team's name."""
    column = Ticket.rated_agent_id if by == "agent" else Ticket.queue_id
    names = (user_names() if by == "agent" else team_names()).subquery(f"named_{by}")
    rows = (
        _period(
            select(
                column.label("key"),
                names.c.name.label("name"),
                func.avg(cast(Ticket.rating, Float)).label("average"),
                func.count(Ticket.rating).label("ratings"),
            )
            .outerjoin(names, names.c.id == column)
            .where(visible_tickets(principal), Ticket.rating.is_not(None)),
            start,
            end,
        )
        .group_by(column, names.c.name)
        .subquery(f"csat_{by}")
    )
    c = rows.c
    who = case((c.key.is_(None), None), else_=global_id_sql("User" if by == "agent" else "Team", c.key))
    item = func.json_build_object("id", who, "name", c.name, "average", _rounded(c.average, 3), "ratings", c.ratings)
    return _array(rows, item, c.average.desc(), c.name, c.key)


def _csat_trend(principal: Principal | None, start: datetime | None, end: datetime | None, bucket: str) -> Any:
    """Average rating of the tickets created in each day, week or month bucket that were rated."""
    period = func.date_trunc(bucket, func.timezone("Asia/Shanghai", Ticket.created_at))
    rows = (
        _period(
            select(
                period.label("period"),
                func.avg(cast(Ticket.rating, Float)).label("average"),
                func.count(Ticket.rating).label("n"),
            ).where(visible_tickets(principal), Ticket.rating.is_not(None)),
            start,
            end,
        )
        .group_by(period)
        .subquery("trend")
    )
    key = func.to_char(rows.c.period, "YYYY-MM-DD")
    item = func.json_build_object("key", key, "average", _rounded(rows.c.average, 3), "count", rows.c.n)
    return _array(rows, item, rows.c.period)


def service_stats(
    principal: Principal | None,
    start: datetime | None,
    end: datetime | None,
    bucket: str,
    selected: frozenset[str] | None = None,
) -> Rows:
    """`Query.serviceStats` as one JSON answer (`rapport.graphql.json_roots`): the figures of the tickets the caller
    may see created in the period, the backlog now, volumes per bucket, satisfaction per agent, team and bucket.

    `selected`: the answer's fields the operation reads (None: all). The summary is one pass over the tickets and
    each list another; the supervisor's home page reads three of those seven passes."""
    summary = _summary(principal, start, end)
    s = summary.c
    answer = answer_object(selected, {
        "created": s.created,
        "resolved": s.resolved,
        "avgFirstResponseMinutes": _rounded(s.first, 4),
        "avgResolutionMinutes": _rounded(s.resolution, 4),
        "firstResponseCompliance": _rounded(s.first_on_time, 4),
        "resolutionCompliance": _rounded(s.resolution_on_time, 4),
        "csat": _rounded(s.csat, 4),
        "ratings": s.ratings,
        "reopenRate": _rounded(s.reopened, 4),
        "backlog": _backlog(principal),
        "volumeByCategory": _volume(principal, start, end, bucket, "category"),
        "volumeByChannel": _volume(principal, start, end, bucket, "channel"),
        "csatByAgent": _csat(principal, start, end, "agent"),
        "csatByTeam": _csat(principal, start, end, "team"),
        "csatTrend": _csat_trend(principal, start, end, bucket),
    })  # fmt: skip
    return Rows(select(answer.label("answer")).select_from(summary))
