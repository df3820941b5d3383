"""GraphQL types of win probability: an opportunity's score, the forecast with its range, the retrospective.

`Opportunity.winProbability` is declared, so it compiles: the stored row (`opportunity_win_score`, a "one" relation
of the opportunity), its reasons a field `rendered` with the reader's language and policy (`visible_reasons`, the
one function both read paths call). The forecast and the retrospectives are computed in Python (`queries`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy import select

from rapport.analytics.winprob.models import OpportunityWinScore
from rapport.analytics.winprob.reasons import may_read_kind, visible_reasons
from rapport.analytics.winprob.retrospective import Difference
from rapport.core.authz.policy import PrincipalPolicy
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Contribution, FromRow, Relation, Rows, relation, rendered
from rapport.sales.pipeline.types import Opportunity


def _reasons_in_words(locale: str, policy: PrincipalPolicy, stored: list[dict[str, Any]] | None) -> list[str]:
    """The stored reasons this viewer may read, in their language (`visible_reasons`)."""
    return visible_reasons(stored or [], policy, locale)


def _reasons(self: Any, info: Info) -> list[str]:
    """The reasons (`OpportunityWinProbability.reasons`: the stub of a rendered field, never run)."""
    raise NotImplementedError


@strawberry.type(description="An open opportunity's chance of being won, with its top reasons.")
class OpportunityWinProbability(FromRow):
    """A stored win probability (the row of `opportunity_win_score`)."""

    probability: float = strawberry.field(description="The chance of winning, 0 to 1.")
    previous_probability: float | None = strawberry.field(
        description="The score before this one (null at the first): what changed since the last score."
    )
    previous_scored_at: datetime | None = strawberry.field(description="When the previous score was computed.")
    small_data: bool = strawberry.field(
        description="Too few closed deals (under 200 won and 200 lost) for a learned model: the stage's win rate "
        "shrunk toward the overall rate."
    )
    # Assigned, not decorated: a resolver field declared by its annotation keeps its place in the schema.
    reasons: list[str] = rendered(
        ("reasons",),
        _reasons_in_words,
        policy=True,
        description="What pushed the score most, in your language (only reasons about what you may read).",
    )(_reasons)
    scored_at: datetime = strawberry.field(description="When it was scored.")
    _row: strawberry.Private[OpportunityWinScore]


def win_score_rows(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """An opportunity's stored score (at most one row): no row scope of its own, the opportunity's is the parent's."""
    return Rows(select(OpportunityWinScore).where(OpportunityWinScore.opportunity_id == opportunity.id))


@relation(
    Relation("OpportunityWinProbability", "one", win_score_rows),
    description="The chance this opportunity is won, with reasons (null before it was first scored).",
)
async def opportunity_win_probability(root: Opportunity, info: Info) -> OpportunityWinProbability | None:
    """The stored score (scores of every opportunity of the response are read in one statement)."""


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
