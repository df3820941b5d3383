"""SQL of sales targets, and the building blocks of the figures' answers (`rapport.sales.figures.answers`).

Labels of reps and teams come from the identity domain's query building blocks (`user_names`, `team_names`),
joined as subqueries by the caller.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.clock import BUSINESS_TZ
from rapport.graphql.declare import NOW, Rows
from rapport.sales.models import PipelineStage, SalesTarget, StageChange


def _month(at: Any) -> Any:
    return func.to_char(func.timezone("Asia/Shanghai", at), "YYYY-MM")


def group_of(by: str, owner: Any, team: Any, names: tuple[Any, Any], province: Any, month: Any) -> tuple[Any, Any]:
    """(id, label) of the group a row falls in; `names` are the joined (users, teams) of the row's owner."""
    users, teams = names
    if by == "rep":
        return owner, func.coalesce(users.c.name, "—")
    if by == "team":
        return team, func.coalesce(teams.c.name, "—")
    if by == "region":
        return literal(None), func.coalesce(province, "—")
    return literal(None), _month(month)


def furthest_stage(opportunities: Any) -> Any:
    """Per opportunity, the position of the furthest non-lost stage it ever entered (skipped stages count)."""
    return (
        select(StageChange.opportunity_id.label("opportunity_id"), func.max(PipelineStage.position).label("top"))
        .join(PipelineStage, PipelineStage.id == StageChange.to_stage_id)
        .where(PipelineStage.is_lost.is_(False), StageChange.opportunity_id.in_(opportunities))
        .group_by(StageChange.opportunity_id)
        .subquery("reached")
    )


def target_rows(year: int | None) -> Rows:
    """`Query.salesTargets` (both read paths): targets of the periods starting in a year (None: the current one in
    China time, read from the request's clock), in period order."""
    chosen: Any = (
        literal(year) if year is not None else cast(func.extract("year", func.timezone(BUSINESS_TZ.key, NOW)), Integer)
    )
    first = func.make_date(chosen, 1, 1)
    statement = select(SalesTarget).where(
        SalesTarget.period_start >= first, SalesTarget.period_start < func.make_date(chosen + 1, 1, 1)
    )
    return Rows(statement, [SalesTarget.period_start, SalesTarget.period, SalesTarget.id])


class FigureRepository:
    """Revenue targets."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def target_of(self, user_id: Any, team_id: Any, period: str, period_start: date) -> SalesTarget | None:
        """The target of a rep or a team for a period, if set."""
        stmt = select(SalesTarget).where(
            SalesTarget.period == period,
            SalesTarget.period_start == period_start,
            SalesTarget.user_id.is_(None) if user_id is None else SalesTarget.user_id == user_id,
            SalesTarget.team_id.is_(None) if team_id is None else SalesTarget.team_id == team_id,
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()
