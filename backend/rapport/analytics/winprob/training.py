"""Training the win model on a time split, recording the run, and scoring the open opportunities with it."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.runs.metrics import evaluate
from rapport.analytics.runs.models import PredictionModelRun
from rapport.analytics.runs.service import RunDraft, record_run, scoring_model
from rapport.analytics.winprob.features import Deal, deals_at, outcomes
from rapport.analytics.winprob.model import fit, is_small, prior_of, probabilities, stage_priors
from rapport.analytics.winprob.models import OpportunityWinScore
from rapport.analytics.winprob.reasons import reasons_for
from rapport.core import clock
from rapport.sales.win_facts import closed_deal_snapshots, open_deal_anchors, open_stage_positions

KIND = "win"
#: The share of closed deals (oldest first, by closing) the model learns from; the rest measure it.
TRAIN_SHARE = 0.7


async def _positions(session: AsyncSession) -> list[int]:
    return [int(r.position) for r in await session.execute(open_stage_positions())]


def split_at(deals: list[Deal], share: float = TRAIN_SHARE) -> datetime | None:
    """The closing time before which `share` of the closed deals closed (None with fewer than ten)."""
    closed = sorted(d.closed_at for d in deals if d.closed_at is not None)
    return None if len(closed) < 10 else closed[min(int(len(closed) * share), len(closed) - 1)]


async def train(session: AsyncSession, now: datetime | None = None) -> PredictionModelRun:
    """Train on deals closed before the split (each described at the middle of every open stage it went through),
    measure on deals closed after it against the historical win rate per
    stage (as of the split), and record the run; small data: priors from every closed deal, labelled so."""
    started = time.perf_counter()
    now = now or clock.now()
    deals = await deals_at(session, closed_deal_snapshots(closed_before=now))
    positions = await _positions(session)
    split = split_at(deals)
    train_set = [d for d in deals if split is None or (d.closed_at is not None and d.closed_at < split)]
    test_set = [d for d in deals if split is not None and d.closed_at is not None and d.closed_at >= split]
    priors = stage_priors(train_set, positions)
    small = is_small(train_set) or not test_set
    y_test = outcomes(test_set)
    baseline = np.array([prior_of(priors, d) for d in test_set], dtype=np.float64)
    if small:
        parameters: dict[str, Any] = {"priors": stage_priors(deals, positions)}
        measured = evaluate(y_test, baseline, baseline)
    else:
        parameters = fit(train_set, outcomes(train_set), priors)
        measured = evaluate(y_test, probabilities(parameters, test_set), baseline)
    draft = RunDraft(
        kind=KIND,
        train_as_of=split or now,
        test_as_of=now,
        train_rows=len(train_set),
        positives=int(sum(d.won or 0 for d in train_set)),
        evaluation=measured,
        parameters=parameters,
        small_data=small,
        duration_ms=int((time.perf_counter() - started) * 1000),
    )
    return await record_run(session, draft)


async def score_open(session: AsyncSession, now: datetime | None = None, ids: list[Any] | None = None) -> int:
    """Score the open opportunities (these, when given) with the scoring run and store each score; the score before
    becomes the previous one. Idempotent for one `now`: a row already scored at or after it is left alone."""
    now = now or clock.now()
    run = await scoring_model(session, KIND)
    if run is None:
        return 0
    deals = await deals_at(session, open_deal_anchors(now, ids))
    if not deals:
        return 0
    found = probabilities(run.parameters, deals)
    rows = [
        {
            "opportunity_id": d.opportunity_id,
            "probability": round(float(p), 4),
            "small_data": run.small_data,
            "reasons": reasons_for(run.parameters, d),
            "run_id": run.id,
            "scored_at": now,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for d, p in zip(deals, found, strict=True)
    ]
    # In one order for every writer (the daily scoring and the minute's rescoring lock rows alike: no deadlock).
    rows.sort(key=lambda row: str(row["opportunity_id"]))
    table = OpportunityWinScore.__table__
    for start in range(0, len(rows), 1000):
        statement = insert(OpportunityWinScore).values(rows[start : start + 1000])
        new = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.opportunity_id],
            set_={
                "previous_probability": table.c.probability,
                "previous_scored_at": table.c.scored_at,
                "probability": new.probability,
                "small_data": new.small_data,
                "reasons": new.reasons,
                "run_id": new.run_id,
                "scored_at": new.scored_at,
                "version": table.c.version + 1,
                "updated_at": new.updated_at,
            },
            where=table.c.scored_at < new.scored_at,
        )
        await session.execute(statement)
    return len(rows)


async def latest_run_at(session: AsyncSession) -> datetime | None:
    """When the win model was last trained."""
    return await session.scalar(select(func.max(PredictionModelRun.trained_at)).where(PredictionModelRun.kind == KIND))
