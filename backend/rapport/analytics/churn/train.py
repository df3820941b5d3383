"""Training the churn model with a time split, measured against recency alone, recorded as a model run.

Train as of T1 = now - 180 days (labels known by now - 90), measure on T2 = now - 90 days (labels known by now).
The baseline is a one-feature logistic regression on days since the last order, fitted and measured the same way.
The scoring parameters are refitted on both periods' examples (the newest labels included).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.churn.features import HORIZON_DAYS, feature_rows
from rapport.analytics.churn.model import SMALL_DATA, columns, fit, predict
from rapport.analytics.runs.metrics import evaluate
from rapport.analytics.runs.models import PredictionModelRun
from rapport.analytics.runs.service import RunDraft, record_run

KIND = "churn"
BASELINE = ("recency_days",)


def split_dates(now: datetime) -> tuple[datetime, datetime]:
    """The training and held-out as-of dates: labels of both are known by `now`."""
    return now - timedelta(days=2 * HORIZON_DAYS), now - timedelta(days=HORIZON_DAYS)


async def train(session: AsyncSession, now: datetime) -> PredictionModelRun:
    """Train, measure and record a churn run (promoted when it beats recency alone by 0.05, or in small-data mode)."""
    started = time.perf_counter()
    train_at, test_at = split_dates(now)
    learn = await feature_rows(session, train_at, labelled=True)
    held = await feature_rows(session, test_at, labelled=True)
    learned, outcomes = learn.labels(), held.labels()
    churned = int(learned.sum())
    small = min(churned, len(learned) - churned) < SMALL_DATA
    measured = fit(learn.values, learned, small_data=small)
    baseline = fit(columns(learn.values, BASELINE), learned, small_data=small, names=BASELINE)
    evaluation = evaluate(
        outcomes,
        predict(measured, held.values),
        predict(baseline, columns(held.values, BASELINE)),
    )
    scoring = fit(np.vstack([learn.values, held.values]), np.concatenate([learned, outcomes]), small_data=small)
    scoring["measuredCoefficients"] = measured["coefficients"]
    draft = RunDraft(
        kind=KIND,
        train_as_of=train_at,
        test_as_of=test_at,
        train_rows=len(learned),
        positives=churned,
        evaluation=evaluation,
        parameters=scoring,
        small_data=small,
        duration_ms=round((time.perf_counter() - started) * 1000),
    )
    return await record_run(session, draft)
