"""Periodic churn work: a weekly training and a daily scoring, each safe with several workers (a transaction-level
advisory lock: a second worker finds the lock taken and does nothing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from rapport.analytics.churn.score import score_all
from rapport.analytics.churn.train import train
from rapport.analytics.runs.models import PredictionModelRun
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job

#: Advisory lock keys of the two jobs.
TRAIN_LOCK, SCORE_LOCK = 0x43C4_0001, 0x43C4_0002


async def _locked(session: Any, key: int) -> bool:
    return bool((await session.execute(select(func.pg_try_advisory_xact_lock(key)))).scalar())


async def train_locked(db: Database, now: datetime) -> PredictionModelRun | None:
    """Train and record a run (committed), or None when another worker holds the training's lock."""
    async with db.write() as session:
        if not await _locked(session, TRAIN_LOCK):
            return None
        return await train(session, now)


async def score_locked(db: Database, now: datetime) -> dict[str, Any]:
    """Score every customer with the promoted model, unless another worker is scoring."""
    async with db.write() as session:
        if not await _locked(session, SCORE_LOCK):
            return {"skipped": "another worker is scoring"}
        return await score_all(session, now)


@periodic_job("churn-train", cron="30 2 * * 1", description="Train the churn model (time split, against recency).")
async def churn_train(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Train and record a run (the daily scoring uses it once promoted). One worker at a time."""
    run = await train_locked(db, now)
    if run is None:
        return {"skipped": "another worker is training"}
    return {"run": str(run.id), "promoted": run.promoted, "auc": run.auc}


@periodic_job("churn-score", cron="0 3 * * *", description="Score every customer's churn risk and alert crossings.")
async def churn_score(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Score every customer with the promoted model; crossings into high risk alert their owners once."""
    return await score_locked(db, now)
