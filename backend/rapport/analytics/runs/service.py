"""Recording a training run with its measures, and deciding whether it may score."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.runs.metrics import Evaluation
from rapport.analytics.runs.models import PredictionModelRun, PredictionRunBin
from rapport.analytics.runs.repository import scoring_run
from rapport.core import clock
from rapport.core.i18n import msg

#: A learned model must beat its baseline's AUC by this much to be promoted (issue 19: recency alone + 0.05).
AUC_MARGIN = 0.05
#: Kinds promoted on a lower Brier score than their baseline's instead of AUC (win: the stage's win rate).
BRIER_KINDS = frozenset({"win"})


@dataclass(frozen=True)
class RunDraft:
    """What a training produced: its periods, sizes, measures, parameters, and whether it ran on priors only."""

    kind: str
    train_as_of: datetime
    test_as_of: datetime
    train_rows: int
    positives: int
    evaluation: Evaluation
    parameters: dict[str, Any] = field(default_factory=dict)
    small_data: bool = False
    duration_ms: int = 0


def promotion(draft: RunDraft, margin: float = AUC_MARGIN) -> tuple[bool, dict[str, Any]]:
    """Whether the run may score, and the note saying why (a stored message, rendered in the reader's language).

    A small-data run scores from priors and is promoted as such (it says so wherever it is shown); a learned run
    needs an AUC at least `margin` above its baseline's on the held-out period, or for a kind in `BRIER_KINDS` a
    lower Brier score than its baseline's.
    """
    measured = draft.evaluation
    if draft.small_data:
        note = msg("Too little history ({rows} examples): scores come from priors.", rows=draft.train_rows)
        return True, note.to_json()
    if draft.kind in BRIER_KINDS:
        return _lower_brier(measured)
    if measured.auc is None or measured.baseline_auc is None:
        note = msg("Not promoted: the held-out period ({rows} examples) has only one outcome.", rows=measured.rows)
        return False, note.to_json()
    auc, baseline = f"{measured.auc:.3f}", f"{measured.baseline_auc:.3f}"
    if measured.auc < measured.baseline_auc + margin:
        note = msg(
            "Not promoted: AUC {auc} does not beat the baseline's {baseline} by {margin}.",
            auc=auc,
            baseline=baseline,
            margin=f"{margin:.2f}",
        )
        return False, note.to_json()
    return True, msg("Promoted: AUC {auc} against the baseline's {baseline}.", auc=auc, baseline=baseline).to_json()


def _lower_brier(measured: Evaluation) -> tuple[bool, dict[str, Any]]:
    # Win probability (issue 19): a probability must be better calibrated and sharper than the historical win rate
    # per stage, which is what a lower Brier score on the held-out period says.
    if measured.brier is None or measured.baseline_brier is None or measured.auc is None:
        note = msg("Not promoted: the held-out period ({rows} examples) has only one outcome.", rows=measured.rows)
        return False, note.to_json()
    brier, baseline = f"{measured.brier:.4f}", f"{measured.baseline_brier:.4f}"
    if measured.brier >= measured.baseline_brier:
        note = msg(
            "Not promoted: Brier score {brier} is not below the baseline's {baseline}.", brier=brier, baseline=baseline
        )
        return False, note.to_json()
    return True, msg(
        "Promoted: Brier score {brier} against the baseline's {baseline}.", brier=brier, baseline=baseline
    ).to_json()


async def record_run(session: AsyncSession, draft: RunDraft) -> PredictionModelRun:
    """Store a run with its deciles, promoted when `promotion` allows (flushed, not committed)."""
    promoted, note = promotion(draft)
    measured = draft.evaluation
    run = PredictionModelRun(
        kind=draft.kind,
        trained_at=clock.now(),
        train_as_of=draft.train_as_of,
        test_as_of=draft.test_as_of,
        train_rows=draft.train_rows,
        test_rows=measured.rows,
        positives=draft.positives,
        auc=measured.auc,
        baseline_auc=measured.baseline_auc,
        precision_top_decile=measured.precision_top_decile,
        brier=measured.brier,
        baseline_brier=measured.baseline_brier,
        promoted=promoted,
        small_data=draft.small_data,
        note=note,
        parameters=draft.parameters,
        duration_ms=draft.duration_ms,
    )
    session.add(run)
    await session.flush()
    session.add_all(
        PredictionRunBin(run_id=run.id, decile=b.decile, rows=b.rows, predicted=b.predicted, observed=b.observed)
        for b in measured.bins
    )
    await session.flush()
    return run


async def scoring_model(session: AsyncSession, kind: str) -> PredictionModelRun | None:
    """The run whose parameters score `kind` now (the newest promoted), or None before any."""
    return await scoring_run(session, kind)
