"""Root query field of service figures."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.node import to_global_id
from rapport.support.stats import repository as figures
from rapport.support.stats.types import Bucket, KeyCount, SatisfactionScore, ServiceStats, TrendPoint


def _scores(rows: list[figures.Satisfaction], type_name: str) -> list[SatisfactionScore]:
    return [
        SatisfactionScore(
            id=to_global_id(type_name, r.key) if r.key else None, name=r.name, average=r.average, ratings=r.ratings
        )
        for r in rows
    ]


def _counts(rows: list[figures.Count]) -> list[KeyCount]:
    return [KeyCount(key=r.key, second=r.second, count=r.count) for r in rows]


@strawberry.type
class StatsQuery:
    """Root query field of service figures."""

    @strawberry.field(description="Service figures for a period, over the tickets you may see.")
    async def service_stats(
        self,
        info: Info,
        created_from: Annotated[datetime | None, strawberry.argument(description="Period start.")] = None,
        created_to: Annotated[datetime | None, strawberry.argument(description="Period end (exclusive).")] = None,
        bucket: Annotated[Bucket, strawberry.argument(description="Volume per day, week or month.")] = Bucket.DAY,
    ) -> ServiceStats:
        """Figures."""
        principal, start, end, per = info.context.principal, created_from, created_to, bucket.value
        async with info.context.db.read() as session:
            s = await figures.summary(session, principal, start, end)
            backlog = await figures.backlog(session, principal)
            by_category = await figures.volume(session, principal, start, end, per, "category")
            by_channel = await figures.volume(session, principal, start, end, per, "channel")
            agents = await figures.csat(session, principal, start, end, "agent")
            teams = await figures.csat(session, principal, start, end, "team")
            trend = await figures.csat_trend(session, principal, start, end, per)
        queues = [
            figures.Count(r.key, to_global_id("Team", uuid.UUID(r.second)) if r.second else None, r.count)
            for r in backlog
        ]
        return ServiceStats(
            created=s.created,
            resolved=s.resolved,
            avg_first_response_minutes=s.avg_first_response_minutes,
            avg_resolution_minutes=s.avg_resolution_minutes,
            first_response_compliance=s.first_response_compliance,
            resolution_compliance=s.resolution_compliance,
            csat=s.csat,
            ratings=s.ratings,
            reopen_rate=s.reopen_rate,
            backlog=_counts(queues),
            volume_by_category=_counts(by_category),
            volume_by_channel=_counts(by_channel),
            csat_by_agent=_scores(agents, "User"),
            csat_by_team=_scores(teams, "Team"),
            csat_trend=[TrendPoint(key=k, average=a, count=c) for k, a, c in trend],
        )
