"""GraphQL types of service figures."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.type(description="A count for a key.")
class KeyCount:
    """Key and count."""

    key: str | None = strawberry.field(description="The key, e.g. a status or category.")
    second: str | None = strawberry.field(description="A second key, e.g. the queue's id or the channel.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="Average satisfaction of an agent or a team.")
class SatisfactionScore:
    """CSAT."""

    id: strawberry.ID | None = strawberry.field(description="The agent (User) or team (Team) global id.")
    name: str | None = strawberry.field(description="The agent's or team's name.")
    average: float = strawberry.field(description="Average stars, 1-5.")
    ratings: int = strawberry.field(description="How many ratings.")


@strawberry.type(description="A value per time bucket.")
class TrendPoint:
    """One bucket of a trend."""

    key: str = strawberry.field(description="The bucket's first day, YYYY-MM-DD.")
    average: float | None = strawberry.field(description="The average in the bucket.")
    count: int = strawberry.field(description="How many values were averaged.")


@strawberry.type(description="Service figures over the tickets you may see, computed in SQL.")
class ServiceStats:
    """Dashboard figures for a period (tickets created in it)."""

    created: int = strawberry.field(description="Tickets opened.")
    resolved: int = strawberry.field(description="Of those, resolved.")
    avg_first_response_minutes: float | None = strawberry.field(description="Average time to first response.")
    avg_resolution_minutes: float | None = strawberry.field(description="Average time to resolution.")
    first_response_compliance: float | None = strawberry.field(description="Share of first responses on time, 0-1.")
    resolution_compliance: float | None = strawberry.field(description="Share of resolutions on time, 0-1.")
    csat: float | None = strawberry.field(description="Average rating, 1-5.")
    ratings: int = strawberry.field(description="Ratings given.")
    reopen_rate: float | None = strawberry.field(description="Share of rated or reopened tickets that were reopened.")
    backlog: list[KeyCount] = strawberry.field(description="Open tickets now per status (key) and queue (second).")
    volume_by_category: list[KeyCount] = strawberry.field(description="Per day/week/month (key) and category.")
    volume_by_channel: list[KeyCount] = strawberry.field(description="Per day/week/month (key) and channel.")
    csat_by_agent: list[SatisfactionScore] = strawberry.field(description="Per agent, best first.")
    csat_by_team: list[SatisfactionScore] = strawberry.field(description="Per queue, best first.")
    csat_trend: list[TrendPoint] = strawberry.field(description="Average rating per day/week/month (key).")


@strawberry.enum(description="Time buckets of volume figures.")
class Bucket(Enum):
    """day, week or month."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
