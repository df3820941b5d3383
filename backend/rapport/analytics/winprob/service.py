"""The read side of win probability: the forecast and the retrospective, each within the caller's Opportunity row
scope (a deal's stored score is read as `Opportunity.winProbability` declares it: `types`)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.runs.service import scoring_model
from rapport.analytics.winprob.features import deals_at
from rapport.analytics.winprob.forecast import Range, forecast_range
from rapport.analytics.winprob.models import OpportunityWinScore
from rapport.analytics.winprob.retrospective import Difference, compare, compare_one
from rapport.analytics.winprob.training import KIND
from rapport.core.principal import Principal
from rapport.sales.win_facts import closed_deal_anchors, scoped_opportunity_ids, visible_opportunity


@dataclass(frozen=True)
class Forecast:
    """The forecast of a period: open deals counted, expected won amount and its range, and whether the scores came
    from priors (small data)."""

    deals: int
    scored: int
    small_data: bool
    range: Range


async def forecast(
    session: AsyncSession,
    principal: Principal | None,
    close_from: date,
    close_before: date,
    owner_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
) -> Forecast:
    """Σ p x amount over the open deals the caller sees expected to close in [close_from, close_before) (of an owner
    or a team), with its P10-P90; a deal not scored yet counts at its stage's default probability."""
    statement = scoped_opportunity_ids(
        principal, close_from=close_from, close_before=close_before, owner_id=owner_id, team_id=team_id
    ).add_columns(OpportunityWinScore.probability, OpportunityWinScore.small_data)
    statement = statement.outerjoin(
        OpportunityWinScore, OpportunityWinScore.opportunity_id == statement.selected_columns[0]
    )
    rows = (await session.execute(statement)).all()
    probabilities = [float(r[3]) if r[3] is not None else r[2] / 100.0 for r in rows]
    amounts = [float(r[1]) for r in rows]
    scored = [r for r in rows if r[3] is not None]
    small = any(r[4] for r in scored)
    if not scored:
        run = await scoring_model(session, KIND)
        small = run is None or run.small_data
    # The simulation takes tens of milliseconds of numpy: off the event loop.
    found = await asyncio.to_thread(forecast_range, probabilities, amounts)
    return Forecast(len(rows), len(scored), small, found)


async def retrospective(
    session: AsyncSession, principal: Principal | None, closed_from: datetime, closed_before: datetime
) -> tuple[int, int, list[Difference]]:
    """Lost and won deals closed in the period that the caller sees, and the factors where the lost ones differed."""
    deals = await deals_at(session, closed_deal_anchors(closed_from, closed_before, principal))
    won = sum(1 for d in deals if d.won == 1)
    return len(deals) - won, won, compare(deals)


#: How far back the won deals a lost one is compared with closed.
COMPARED_YEARS = 2


async def deal_retrospective(
    session: AsyncSession, principal: Principal | None, opportunity_id: uuid.UUID
) -> list[Difference] | None:
    """Where one lost opportunity differed from the won deals (closed in the two years before it, that the caller
    sees); None when the caller cannot see it; empty when it is not lost."""
    found = (await session.execute(visible_opportunity(principal, opportunity_id))).first()
    if found is None:
        return None
    if found.status != "lost" or found.closed_at is None:
        return []
    since = found.closed_at - timedelta(days=round(365.25 * COMPARED_YEARS))  # (no Feb 29 two years before)
    # Only the deals closed in those two years, up to it, are described (not every closed deal the caller sees);
    # a deal won after it is no measure of what it lacked then.
    until = found.closed_at + timedelta(microseconds=1)
    deals = await deals_at(session, closed_deal_anchors(closed_from=since, closed_before=until, principal=principal))
    deal = next((d for d in deals if d.opportunity_id == opportunity_id), None)
    if deal is None or deal.closed_at is None:
        return []
    won = [d for d in deals if d.won == 1 and d.closed_at is not None and since <= d.closed_at <= found.closed_at]
    return compare_one(deal, won)
