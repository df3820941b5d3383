"""Churn risk for other parts of Rapport: train now and score (the demo seed, the admin mutation, the jobs)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.churn.score import score_all
from rapport.analytics.churn.train import train
from rapport.core import clock


async def train_and_score(session: AsyncSession, *, week_before: bool = False) -> dict[str, Any]:
    """Train a churn run now and score every customer with the promoted model (flushed, not committed).

    `week_before` (the demo seed) first scores as of a week ago, so that today's pass finds the customers whose
    risk rose during the week and alerts their owners, as the daily job will."""
    now = clock.now()
    run = await train(session, now)
    if week_before:
        await score_all(session, now - timedelta(days=7))
    scored = await score_all(session, now)
    return {"auc": run.auc, "baselineAuc": run.baseline_auc, "promoted": run.promoted, **scored}
