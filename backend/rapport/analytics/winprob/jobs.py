"""Periodic work of win probability: train the model when its last run is a day old, then score open deals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from rapport.analytics.winprob.training import latest_run_at, score_open, train
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job

#: A model is retrained when its last run is older than this.
RETRAIN_AFTER = timedelta(hours=20)


async def train_and_score(db: Database, now: datetime) -> dict[str, Any]:
    """Train when due, then score every open opportunity as of `now` (each in its own transaction). Safe with
    several workers: a transaction-level advisory lock lets one train at a time, and the scores' upsert leaves rows
    already scored at or after `now` alone."""
    report: dict[str, Any] = {"trained": False}
    async with db.write() as session:
        locked = await session.scalar(select(func.pg_try_advisory_xact_lock(1_900_019)))
        last = await latest_run_at(session)
        if locked and (last is None or now - last >= RETRAIN_AFTER):
            run = await train(session, now)
            report.update(trained=True, promoted=run.promoted, small_data=run.small_data, brier=run.brier)
    async with db.write() as session:
        report["scored"] = await score_open(session, now)
    return report


@periodic_job(
    "win-probability",
    cron="40 2 * * *",
    description="Retrain the win model when a day old and score every open opportunity.",
)
async def win_probability(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """The daily training and scoring."""
    return await train_and_score(db, now)
