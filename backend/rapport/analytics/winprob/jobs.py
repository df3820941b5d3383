"""Periodic work of win probability: train the model when its last run is a day old, then score open deals; and
every minute, score again the open deals that changed since their score (a stage move shows within a minute)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from rapport.analytics.winprob.models import OpportunityWinScore
from rapport.analytics.winprob.training import latest_run_at, score_open, train
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.sales.win_facts import open_deal_changes

#: A model is retrained when its last run is older than this.
RETRAIN_AFTER = timedelta(hours=20)
#: Open deals scored again per minute at most (the rest wait for the next minute, or the daily scoring).
RESCORE_BATCH = 2000
#: The advisory lock of the training (one worker at a time).
TRAIN_LOCK = 1_900_019
#: The advisory lock of the rescoring (one worker at a time).
RESCORE_LOCK = 1_900_020
#: How far back the rescoring looks for changed deals (the daily scoring covers anything older).
RECENT = timedelta(days=2)


async def train_and_score(db: Database, now: datetime, *, force: bool = False) -> dict[str, Any]:
    """Train when due (when `force`, whatever the age of the last run: an administrator's "train now"), then score
    every open opportunity as of `now` (each in its own transaction). Safe with several workers: a
    transaction-level advisory lock lets one train at a time (a worker that finds it taken does not train: `trained`
    false), and the scores' upsert leaves rows already scored at or after `now` alone."""
    report: dict[str, Any] = {"trained": False}
    async with db.write() as session:
        locked = await session.scalar(select(func.pg_try_advisory_xact_lock(TRAIN_LOCK)))
        last = await latest_run_at(session)
        if locked and (force or last is None or now - last >= RETRAIN_AFTER):
            run = await train(session, now)
            report.update(
                trained=True, run=str(run.id), promoted=run.promoted, small_data=run.small_data, brier=run.brier
            )
    if force and not report["trained"]:
        return report  # asked for a training that another worker is doing: it scores when done; nothing twice
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


async def rescore_changed(db: Database, now: datetime, batch: int = RESCORE_BATCH) -> dict[str, Any]:
    """Score again, as of `now`, the open deals changed after their score (a stage move, an amount or close date
    edited) and those never scored (new deals), oldest change first; nothing without a scoring model."""
    async with db.write() as session:
        if not await session.scalar(select(func.pg_try_advisory_xact_lock(RESCORE_LOCK))):
            return {"skipped": "another worker is scoring"}
        # Changes of the last two days: older ones were scored by the daily run since.
        changes = open_deal_changes(now - RECENT).subquery("changes")
        score = OpportunityWinScore
        stale = (
            select(changes.c.opportunity_id)
            .outerjoin(score, score.opportunity_id == changes.c.opportunity_id)
            .where(or_(score.scored_at.is_(None), score.scored_at < changes.c.changed_at), changes.c.changed_at <= now)
            .order_by(changes.c.changed_at, changes.c.opportunity_id)
            .limit(batch)
        )
        ids = list(await session.scalars(stale))
        return {"rescored": await score_open(session, now, ids) if ids else 0}


@periodic_job(
    "win-rescore",
    cron="* * * * *",
    description="Score again the open opportunities changed since their win probability was scored.",
)
async def win_rescore(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """The minute's rescoring of changed deals."""
    return await rescore_changed(db, now)
