"""All SQL of service figures: aggregates over the tickets the caller may see (never lists summed in Python)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.identity.service import team_names, user_names
from rapport.support.models import Ticket
from rapport.support.repository import is_open
from rapport.support.scopes import visible_tickets

MINUTES = 60.0


@dataclass(frozen=True)
class Summary:
    """Times, SLA compliance, satisfaction and reopen rate of tickets created in a period."""

    created: int
    resolved: int
    avg_first_response_minutes: float | None
    avg_resolution_minutes: float | None
    first_response_compliance: float | None
    resolution_compliance: float | None
    csat: float | None
    ratings: int
    reopen_rate: float | None


def _period(stmt: Any, start: datetime | None, end: datetime | None) -> Any:
    if start is not None:
        stmt = stmt.where(Ticket.created_at >= start)
    if end is not None:
        stmt = stmt.where(Ticket.created_at < end)
    return stmt


async def summary(
    session: AsyncSession, principal: Principal | None, start: datetime | None, end: datetime | None
) -> Summary:
    """One row of figures."""
    epoch = func.extract
    first = epoch("epoch", Ticket.first_responded_at - Ticket.created_at) / MINUTES
    resolution = epoch("epoch", Ticket.resolved_at - Ticket.created_at) / MINUTES
    stmt = _period(
        select(
            func.count(),
            func.count(Ticket.resolved_at),
            func.avg(first),
            func.avg(resolution),
            func.avg(
                case(
                    (Ticket.first_responded_at.is_(None), None),
                    (Ticket.first_responded_at <= Ticket.first_response_due_at, 1.0),
                    else_=0.0,
                )
            ),
            func.avg(
                case(
                    (Ticket.resolved_at.is_(None), None),
                    (Ticket.resolved_at <= Ticket.resolution_due_at, 1.0),
                    else_=0.0,
                )
            ),
            func.avg(cast(Ticket.rating, Float)),
            func.count(Ticket.rating),
            func.avg(
                case(
                    (Ticket.rated_at.is_(None) & (Ticket.reopen_count == 0), None),
                    (Ticket.reopen_count > 0, 1.0),
                    else_=0.0,
                )
            ),
        ).where(visible_tickets(principal)),
        start,
        end,
    )
    row = (await session.execute(stmt)).one()

    def num(value: Any) -> float | None:
        return None if value is None else round(float(value), 4)

    return Summary(
        int(row[0]),
        int(row[1]),
        num(row[2]),
        num(row[3]),
        num(row[4]),
        num(row[5]),
        num(row[6]),
        int(row[7]),
        num(row[8]),
    )


@dataclass(frozen=True)
class Count:
    """A count for a key (or two keys)."""

    key: str | None
    second: str | None
    count: int


async def backlog(session: AsyncSession, principal: Principal | None) -> list[Count]:
    """Open tickets per status and queue, now."""
    stmt = (
        select(Ticket.status, Ticket.queue_id, func.count())
        .where(visible_tickets(principal), is_open())
        .group_by(Ticket.status, Ticket.queue_id)
        .order_by(Ticket.status, Ticket.queue_id)
    )
    return [Count(r[0], str(r[1]) if r[1] else None, int(r[2])) for r in await session.execute(stmt)]


async def volume(
    session: AsyncSession,
    principal: Principal | None,
    start: datetime | None,
    end: datetime | None,
    bucket: str,
    by: str,
) -> list[Count]:
    """Tickets created per time bucket (day, week, month) and category or channel."""
    column = Ticket.category if by == "category" else Ticket.channel
    period = func.date_trunc(bucket, func.timezone("Asia/Shanghai", Ticket.created_at))
    stmt = (
        _period(
            select(func.to_char(period, "YYYY-MM-DD"), column, func.count()).where(visible_tickets(principal)),
            start,
            end,
        )
        .group_by(period, column)
        .order_by(period, column)
    )
    return [Count(r[0], r[1], int(r[2])) for r in await session.execute(stmt)]


@dataclass(frozen=True)
class Satisfaction:
    """Average rating of one agent or team, with its name."""

    key: uuid.UUID | None
    name: str | None
    average: float
    ratings: int


async def csat(
    session: AsyncSession, principal: Principal | None, start: datetime | None, end: datetime | None, by: str
) -> list[Satisfaction]:
    """Average ratings per agent (the one rated) or team (queue), best first, with the agent's or team's name."""
    column = Ticket.rated_agent_id if by == "agent" else Ticket.queue_id
    names = (user_names() if by == "agent" else team_names()).subquery("named")
    average = func.avg(cast(Ticket.rating, Float))
    stmt = (
        _period(
            select(column, names.c.name, average, func.count(Ticket.rating))
            .outerjoin(names, names.c.id == column)
            .where(visible_tickets(principal), Ticket.rating.is_not(None)),
            start,
            end,
        )
        .group_by(column, names.c.name)
        .order_by(average.desc(), names.c.name, column)
    )
    return [Satisfaction(r[0], r[1], round(float(r[2]), 3), int(r[3])) for r in await session.execute(stmt)]


async def csat_trend(
    session: AsyncSession, principal: Principal | None, start: datetime | None, end: datetime | None, bucket: str
) -> list[tuple[str, float | None, int]]:
    """Average rating of the tickets created in each day, week or month bucket that were rated."""
    period = func.date_trunc(bucket, func.timezone("Asia/Shanghai", Ticket.created_at))
    stmt = (
        _period(
            select(
                func.to_char(period, "YYYY-MM-DD"), func.avg(cast(Ticket.rating, Float)), func.count(Ticket.rating)
            ).where(visible_tickets(principal), Ticket.rating.is_not(None)),
            start,
            end,
        )
        .group_by(period)
        .order_by(period)
    )
    return [(r[0], None if r[1] is None else round(float(r[1]), 3), int(r[2])) for r in await session.execute(stmt)]
