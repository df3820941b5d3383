"""GraphQL types of win probability: an opportunity's score, the forecast with its range, the retrospective."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from rapport.analytics.winprob.models import OpportunityWinScore
from rapport.analytics.winprob.reasons import may_read_kind, visible_reasons
from rapport.analytics.winprob.retrospective import Difference
from rapport.analytics.winprob.service import scores_by_opportunity_id
from rapport.core.authz.policy import PrincipalPolicy
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, computed
from rapport.sales.pipeline.types import Opportunity


@strawberry.type(description="An open opportunity's chance of being won, with its top reasons.")
class OpportunityWinProbability:
    """A stored win probability."""

    probability: float = strawberry.field(description="The chance of winning, 0 to 1.")
    previous_probability: float | None = strawberry.field(
        description="The score before this one (null at the first): what changed since the last score."
    )
    previous_scored_at: datetime | None = strawberry.field(description="When the previous score was computed.")
    small_data: bool = strawberry.field(
        description="Too few closed deals (under 200 won and 200 lost) for a learned model: the stage's win rate "
        "shrunk toward the overall rate."
    )
    reasons: list[str] = strawberry.field(
        description="What pushed the score most, in your language (only reasons about what you may read)."
    )
    scored_at: datetime = strawberry.field(description="When it was scored.")


def win_probability_of(row: OpportunityWinScore, policy: PrincipalPolicy, locale: str) -> OpportunityWinProbability:
    """The GraphQL form of a stored score, with the reasons this viewer may read."""
    return OpportunityWinProbability(
        probability=row.probability,
        previous_probability=row.previous_probability,
        previous_scored_at=row.previous_scored_at,
        small_data=row.small_data,
        reasons=visible_reasons(row.reasons, policy, locale),
        scored_at=row.scored_at,
    )


@computed(
    "a stored score with reasons rendered per reader and filtered by the reader's field access",
    description="The chance this opportunity is won, with reasons (null before it was first scored).",
)
async def opportunity_win_probability(root: Opportunity, info: Info) -> OpportunityWinProbability | None:
    """The stored score, loaded for every opportunity of the response at once."""
    row = await info.context.loaders.get(scores_by_opportunity_id).load(root._row.id)
    return None if row is None else win_probability_of(row, info.context.policy, info.context.locale)


#: `Opportunity.winProbability`, a field analytics adds to the sales domain's type.
OPPORTUNITY_WIN_PROBABILITY = Contribution(Opportunity, "win_probability", opportunity_win_probability)


@strawberry.type(description="Open deals expected to close in a period, weighted by their win probability.")
class WinForecast:
    """The forecast with a range."""

    start: date = strawberry.field(description="First day of the period (by expected close date).")
    end: date = strawberry.field(description="Day after the period.")
    deals: int = strawberry.field(description="Open deals expected to close in it that you may see.")
    scored: int = strawberry.field(
        description="Of them, those with a win probability (the rest count at their stage's)."
    )
    small_data: bool = strawberry.field(description="The probabilities come from per-stage priors (small data).")
    expected: float = strawberry.field(description="Σ probability × amount: the expected won amount.")
    low: float = strawberry.field(description="P10: 9 chances in 10 to win at least this much.")
    high: float = strawberry.field(description="P90: 9 chances in 10 to win at most this much.")


@strawberry.type(description="A factor where lost deals differed from won ones.")
class RetrospectiveFactor:
    """A difference between lost and won deals."""

    factor: str = strawberry.field(
        description="quoteResponseDays, activities30d, daysSinceActivity, daysInStage, ageDays, earlierWon or amount."
    )
    lost_value: float = strawberry.field(description="The lost deals' median (or the lost deal's own value).")
    won_value: float = strawberry.field(description="The won deals' median.")
    text: str = strawberry.field(description="The difference in words, in your language.")


@strawberry.type(description="How the lost deals of a period differed from the won ones, described before closing.")
class LostDealRetrospective:
    """The period's retrospective."""

    lost_deals: int = strawberry.field(description="Lost deals closed in the period that you may see.")
    won_deals: int = strawberry.field(description="Won deals closed in the period that you may see.")
    factors: list[RetrospectiveFactor] = strawberry.field(description="The factors that differed, largest first.")


def factors_of(found: list[Difference], policy: PrincipalPolicy, locale: str) -> list[RetrospectiveFactor]:
    """The differences as GraphQL objects, without those about what the viewer may not read."""
    return [
        RetrospectiveFactor(factor=d.factor, lost_value=d.lost, won_value=d.won, text=d.message.render(locale))
        for d in found
        if may_read_kind(policy, d.kind)
    ]
