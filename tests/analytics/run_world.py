"""Two recorded trainings of the churn model for tests that read runs (the web app's coverage, the browser): a
week-old run that beats recency alone and is promoted, and this week's run that does not and is not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import numpy as np

from rapport.analytics.runs.metrics import evaluate
from rapport.analytics.runs.service import RunDraft, record_run
from rapport.core.db import Database

TRAIN_AS_OF = datetime(2026, 6, 1, tzinfo=UTC)
TEST_AS_OF = datetime(2026, 9, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RecordedRuns:
    """The ids of the promoted run and of the newer one that was not promoted."""

    promoted: UUID
    rejected: UUID


async def record_churn_runs(db: Database) -> RecordedRuns:
    """Held-out outcomes drawn from known risks: the promoted model sees the risks nearly as they are (AUC about
    0.81), its baseline and the later model only through noise (about 0.73)."""
    rng = np.random.default_rng(19)
    risk = rng.beta(0.9, 3.0, 1000)
    outcomes = (rng.random(1000) < risk).astype(float)
    model = np.clip(risk + rng.normal(0, 0.03, 1000), 0.005, 0.995)
    baseline = np.clip(risk + rng.normal(0, 0.18, 1000), 0.005, 0.995)
    weak = np.clip(baseline + rng.normal(0, 0.02, 1000), 0.005, 0.995)
    async with db.write() as session:
        promoted = await record_run(
            session,
            RunDraft(
                "churn", TRAIN_AS_OF, TEST_AS_OF, train_rows=1200, positives=288,
                evaluation=evaluate(outcomes, model, baseline), duration_ms=1840,
            ),
        )  # fmt: skip
        promoted.trained_at -= timedelta(days=7)  # trained a week before the other
        rejected = await record_run(
            session,
            RunDraft(
                "churn", TRAIN_AS_OF + timedelta(days=7), TEST_AS_OF + timedelta(days=7), train_rows=1210,
                positives=290, evaluation=evaluate(outcomes, weak, baseline), duration_ms=1720,
            ),
        )  # fmt: skip
        assert promoted.promoted and not rejected.promoted
        return RecordedRuns(promoted.id, rejected.id)


async def record_training_requests(db: Database, runs: RecordedRuns) -> None:
    """The administrator's requests to train now: a churn training done (it recorded the rejected run) and a win
    training waiting for a worker."""
    from sqlalchemy import text

    from rapport.analytics.training.models import PredictionTrainingRequest

    async with db.write() as session:
        admin = await session.scalar(text("SELECT id FROM app_user WHERE email = 'admin@demo.example'"))
        asked = TEST_AS_OF + timedelta(days=7)
        session.add_all(
            [
                PredictionTrainingRequest(
                    kind="churn", requested_by_id=admin, requested_at=asked, started_at=asked,
                    finished_at=asked + timedelta(minutes=2), status="done", run_id=runs.rejected,
                ),
                PredictionTrainingRequest(
                    kind="win", requested_by_id=admin, requested_at=asked + timedelta(hours=1), status="queued"
                ),
            ]
        )  # fmt: skip
