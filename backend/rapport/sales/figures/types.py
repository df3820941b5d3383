"""GraphQL types of sales figures: targets, performance rows, the forecast and the funnel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, relation
from rapport.graphql.node import Node
from rapport.identity.types import Team, User, team_of, user_of
from rapport.sales import models
from rapport.sales.enums import SalesPeriod


@strawberry.type(description="A revenue target of a rep or a team for a month or a quarter.")
class SalesTarget(Node, FromRow):
    """A target."""

    version: int = strawberry.field(description="Its version.")
    period: SalesPeriod = strawberry.field(description="Month or quarter.")
    period_start: date = strawberry.field(description="The first day of the period.")
    amount: Decimal = strawberry.field(description="The revenue target (CNY).")
    _row: strawberry.Private[models.SalesTarget]

    @relation(Relation("User", "one", user_of("user_id")), description="The rep, for a rep's target.")
    async def user(self, info: Info) -> User | None:
        """The rep."""

    @relation(Relation("Team", "one", team_of("team_id")), description="The team, for a team's target.")
    async def team(self, info: Info) -> Team | None:
        """The team."""


@strawberry.type(description="Sales results of one rep, team, region or month.")
class SalesPerformanceRow:
    """One group of `salesPerformance`."""

    key: str | None = strawberry.field(description="The rep's or team's name, the province, or the month (YYYY-MM).")
    id: strawberry.ID | None = strawberry.field(description="The rep's (User) or team's (Team) global id.")
    won_amount: Decimal = strawberry.field(description="Amount of deals won in the period.")
    won: int = strawberry.field(description="Deals won in the period.")
    lost: int = strawberry.field(description="Deals lost in the period.")
    open: int = strawberry.field(description="Deals opened in the period and still open.")
    win_rate: float | None = strawberry.field(description="won / (won + lost), 0-1.")
    avg_cycle_days: float | None = strawberry.field(description="Average days from opening to winning.")
    leads: int = strawberry.field(description="Leads captured in the period.")
    converted_leads: int = strawberry.field(description="Of those, converted.")
    lead_conversion_rate: float | None = strawberry.field(description="converted / captured, 0-1.")
    target: Decimal | None = strawberry.field(
        description="The rep's or team's target for the period: its monthly targets of the months that begin in it "
        "(a quarter wholly in it counts its quarterly target where its months have none); null when none is set or "
        "when grouping by region or month."
    )
    attainment: float | None = strawberry.field(description="wonAmount / target, 0-1 and beyond.")


@strawberry.type(description="A stage's historical win rate.")
class StageWinRate:
    """Of the closed deals that reached the stage, the share won."""

    stage_key: str = strawberry.field(description="The stage's key.")
    rate: float = strawberry.field(description="0-1.")


@strawberry.type(description="The pipeline expected to close in a period, weighted two ways, against the target.")
class SalesForecast:
    """`salesForecast`."""

    period_start: date = strawberry.field(description="First day of the period.")
    period_end: date = strawberry.field(description="First day after it.")
    open_count: int = strawberry.field(description="Open deals expected to close in the period (or undated).")
    open_amount: Decimal = strawberry.field(description="Their amount.")
    weighted_by_probability: Decimal = strawberry.field(description="Sum of amount x stage probability.")
    weighted_by_history: Decimal = strawberry.field(description="Sum of amount x the stage's historical win rate.")
    won_amount: Decimal = strawberry.field(description="Already won in the period.")
    target: Decimal | None = strawberry.field(description="Your target (yours, your team's, or the company's).")
    attainment: float | None = strawberry.field(description="won / target, 0-1 and beyond.")
    projected_attainment: float | None = strawberry.field(description="(won + weighted by probability) / target.")
    stage_win_rates: list[StageWinRate] = strawberry.field(description="Historical win rate per stage.")


@strawberry.type(description="One step of the sales funnel.")
class FunnelStep(FromRow):
    """Deals that reached a stage (built from a funnel step of `rapport.sales.figures.service`)."""

    stage_key: str = strawberry.field(description="The stage's key.")
    stage_name: str = strawberry.field(description="The stage's name.")
    reached: int = strawberry.field(description="Deals opened in the period that reached this stage (or later).")
    amount: Decimal = strawberry.field(description="Their amount.")
    to_next: float | None = strawberry.field(description="Share that reached the next stage, 0-1.")
