"""SQL of model runs: the runs of a kind (newest first), a run's deciles, the run that scores."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.runs.models import PredictionModelRun, PredictionRunBin
from rapport.core.principal import Principal
from rapport.graphql.declare import Arguments, Rows


def run_rows(kind: str | None) -> Rows:
    """`Query.predictionModelRuns`: the runs (of one kind), newest first."""
    statement = select(PredictionModelRun)
    if kind is not None:
        statement = statement.where(PredictionModelRun.kind == kind)
    return Rows(statement, [PredictionModelRun.trained_at.desc(), PredictionModelRun.id.desc()])


def bins_of(run: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`PredictionModelRun.calibration`: the run's deciles, lowest predictions first."""
    statement = select(PredictionRunBin).where(PredictionRunBin.run_id == run.id)
    return Rows(statement, [PredictionRunBin.decile])


async def scoring_run(session: AsyncSession, kind: str) -> PredictionModelRun | None:
    """The newest promoted run of `kind` (the one predictions come from), or None before any."""
    statement = (
        select(PredictionModelRun)
        .where(PredictionModelRun.kind == kind, PredictionModelRun.promoted.is_(True))
        .order_by(PredictionModelRun.trained_at.desc(), PredictionModelRun.id.desc())
        .limit(1)
    )
    return (await session.scalars(statement)).first()
