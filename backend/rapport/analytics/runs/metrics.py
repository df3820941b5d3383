"""How well a model's held-out probabilities did: AUC, precision in the top decile, Brier score, calibration."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import brier_score_loss, roc_auc_score

#: Probabilities and outcomes as numpy arrays (outcomes 0 or 1).
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Bin:
    """One decile of predictions (by predicted probability, lowest first)."""

    decile: int
    rows: int
    predicted: float
    observed: float


@dataclass(frozen=True)
class Evaluation:
    """A model's measures on held-out examples, beside its baseline's (None where undefined, e.g. one class only)."""

    rows: int
    auc: float | None
    baseline_auc: float | None
    precision_top_decile: float | None
    brier: float | None
    baseline_brier: float | None
    bins: list[Bin] = field(default_factory=list)


def _auc(outcomes: Floats, scores: Floats) -> float | None:
    if len(outcomes) == 0 or outcomes.min() == outcomes.max():
        return None  # one class only: no ranking to measure
    return float(roc_auc_score(outcomes, scores))


def deciles(outcomes: Floats, probabilities: Floats) -> list[Bin]:
    """Calibration: the examples in ten groups of (nearly) equal size by predicted probability, with each group's
    mean prediction and observed rate."""
    order = np.argsort(probabilities, kind="stable")
    groups = np.array_split(order, 10) if len(order) >= 10 else [order]
    return [
        Bin(i + 1, len(g), float(probabilities[g].mean()), float(outcomes[g].mean()))
        for i, g in enumerate(groups)
        if len(g)
    ]


def precision_at_top(outcomes: Floats, probabilities: Floats, share: float = 0.1) -> float | None:
    """The positive rate among the `share` of examples with the highest probabilities (at least one)."""
    if len(outcomes) == 0:
        return None
    top = max(1, round(len(outcomes) * share))
    order = np.argsort(-probabilities, kind="stable")[:top]
    return float(outcomes[order].mean())


def evaluate(outcomes: Floats, probabilities: Floats, baseline: Floats) -> Evaluation:
    """The model's measures and its baseline's on the same held-out examples (`baseline` are the baseline's
    probabilities, or any score ordered the same way for AUC; its Brier score assumes probabilities)."""
    if len(outcomes) == 0:
        return Evaluation(0, None, None, None, None, None)
    return Evaluation(
        rows=len(outcomes),
        auc=_auc(outcomes, probabilities),
        baseline_auc=_auc(outcomes, baseline),
        precision_top_decile=precision_at_top(outcomes, probabilities),
        brier=float(brier_score_loss(outcomes, probabilities)),
        baseline_brier=float(brier_score_loss(outcomes, np.clip(baseline, 0.0, 1.0))),
        bins=deciles(outcomes, probabilities),
    )
