"""Root fields of win probability: the forecast with a range, the period's and one deal's lost-deal retrospective."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import strawberry

from rapport.analytics.winprob import service
from rapport.analytics.winprob.types import LostDealRetrospective, RetrospectiveFactor, WinForecast, factors_of
from rapport.core import clock
from rapport.core.authz.policy import Access
from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.i18n import msg
from rapport.graphql.context import Info
from rapport.graphql.node import optional_id, raw_id

DateFrom = Annotated[date, strawberry.argument(name="from", description="First day.")]
DateTo = Annotated[date, strawberry.argument(name="to", description="Day after the last.")]
#: The longest period asked at once.
LONGEST = timedelta(days=3 * 366)


def _period(start: date, end: date) -> None:
    if end <= start:
        raise BadUserInputError("`to` must be after `from`.", field="to")
    if end - start > LONGEST:
        raise BadUserInputError("Ask for at most three years at a time.", field="to")


def _reads_opportunity_amounts(value: Any) -> list[tuple[str, Access]]:
    """The forecast adds up opportunity amounts: only for callers who read them."""
    return [("Opportunity.amount", Access.READ)]


#: (root field, argument) -> what it reads (the whole-document check refuses the rest with FORBIDDEN).
ARGUMENT_RULES = {("Query.winForecast", "from"): _reads_opportunity_amounts}


@strawberry.type
class WinQuery:
    """Root query fields of win probability."""

    @strawberry.field(
        description="Expected won amount of the open deals you may see expected to close in a period (Σ win "
        "probability × amount), with its P10–P90 range."
    )
    async def win_forecast(
        self,
        info: Info,
        date_from: DateFrom,
        date_to: DateTo,
        owner_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this owner's deals.")] = None,
        team_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this team's deals.")] = None,
    ) -> WinForecast:
        """The forecast (the policy's argument rule `ARGUMENT_RULES` refuses callers who may not read amounts)."""
        _period(date_from, date_to)
        owner, team = optional_id(owner_id, "User"), optional_id(team_id, "Team")
        async with info.context.db.read() as session:
            found = await service.forecast(session, info.context.principal, date_from, date_to, owner, team)
        return WinForecast(
            start=date_from,
            end=date_to,
            deals=found.deals,
            scored=found.scored,
            small_data=found.small_data,
            expected=round(found.range.expected, 2),
            low=round(found.range.low, 2),
            high=round(found.range.high, 2),
        )

    @strawberry.field(
        description="Where the lost deals closed in a period differed from the won ones (those you may see)."
    )
    async def lost_deal_retrospective(self, info: Info, date_from: DateFrom, date_to: DateTo) -> LostDealRetrospective:
        """The period's retrospective."""
        _period(date_from, date_to)
        start, end = clock.business_day_start(date_from), clock.business_day_start(date_to)
        async with info.context.db.read() as session:
            lost, won, found = await service.retrospective(session, info.context.principal, start, end)
        factors = factors_of(found, info.context.policy, info.context.locale)
        return LostDealRetrospective(lost_deals=lost, won_deals=won, factors=factors)

    @strawberry.field(description="Where a lost opportunity differed from the won deals (empty unless it was lost).")
    async def opportunity_retrospective(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The opportunity.")]
    ) -> list[RetrospectiveFactor]:
        """One deal's retrospective."""
        opportunity_id = raw_id(id, "Opportunity")
        async with info.context.db.read() as session:
            found = await service.deal_retrospective(session, info.context.principal, opportunity_id)
        if found is None:
            raise NotFoundError(msg("No opportunity with that id."))
        return factors_of(found, info.context.policy, info.context.locale)
