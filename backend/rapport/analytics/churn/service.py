"""Churn risk for other parts of Rapport: train now and score (the demo seed, the admin mutation, the jobs)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.churn.score import score_all
from rapport.analytics.churn.train import train
from rapport.core import clock


async def train_and_score(session: AsyncSession) -> dict[str, Any]:
    """Train a churn run now and score every customer with the promoted model (flushed, not committed)."""
    now = clock.now()
    run = await train(session, now)
    scored = await score_all(session, now)
    return {"auc": run.auc, "baselineAuc": run.baseline_auc, "promoted": run.promoted, **scored}
