"""The churn model's time-split backtest on a seeded world (the demo's customer lifecycles: steady, slow but
regular, declining with complaints, sudden churners, warnings that recover): the learned model must reach an AUC
of 0.80 and beat recency alone by 0.05 on the held-out period, and then it scores."""

from __future__ import annotations

from typing import Any

from rapport.analytics.churn.score import score_all
from rapport.analytics.churn.train import train
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database

FLOOR_AUC = 0.80
MARGIN = 0.05


async def test_backtest_beats_recency_alone(db: Database, settings: Settings) -> None:
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="en", customers=2000)
    async with db.write() as session:
        run = await train(session, clock.now())
    print(  # the numbers docs/analytics.md quotes
        f"\nchurn backtest: train {run.train_rows} rows ({run.positives} churned), test {run.test_rows} rows; "
        f"AUC {run.auc:.3f}, recency-only AUC {run.baseline_auc:.3f}, precision top decile "
        f"{run.precision_top_decile:.3f}, Brier {run.brier:.3f} vs {run.baseline_brier:.3f}, {run.duration_ms} ms"
    )
    assert not run.small_data
    assert run.auc is not None and run.baseline_auc is not None
    assert run.auc >= FLOOR_AUC
    assert run.auc >= run.baseline_auc + MARGIN
    assert run.promoted
    bins: Any = sorted(run.parameters["coefficients"])
    assert bins  # the scoring parameters are stored as numbers
    async with db.write() as session:
        scored = await score_all(session, clock.now())
    assert scored["scored"] > 1000
