"""The churn model as numbers: standardized features, a regularised logistic regression (scikit-learn), and its
parameters as JSON (feature names, scaling, coefficients) so that scoring needs no pickled object."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from rapport.analytics.churn.features import FEATURES

Floats = NDArray[np.float64]
#: The regularisation of a learned model (scikit-learn's C: smaller is stronger).
LEARNED_C = 0.5
#: Small-data mode: a strong prior that every coefficient is 0 (a heavily shrunk fit) around the observed rate.
PRIOR_C = 0.02
#: Below this many churned or retained training examples, a model runs in small-data mode.
SMALL_DATA = 200


def _scaling(values: Floats) -> tuple[Floats, Floats]:
    mean = values.mean(axis=0) if len(values) else np.zeros(values.shape[1])
    scale = values.std(axis=0) if len(values) else np.ones(values.shape[1])
    return mean, np.where(scale > 1e-9, scale, 1.0)


def fit(values: Floats, churned: Floats, *, small_data: bool, names: tuple[str, ...] = FEATURES) -> dict[str, Any]:
    """Fit on examples (rows x names) and their outcomes; the parameters scoring needs, as JSON."""
    mean, scale = _scaling(values)
    rate = float(churned.mean()) if len(churned) else 0.5
    parameters: dict[str, Any] = {
        "features": list(names),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coefficients": [0.0] * len(names),
        "intercept": float(np.log(max(rate, 1e-3) / max(1 - rate, 1e-3))),
        "churnRate": rate,
        "smallData": small_data,
    }
    if len(churned) == 0 or churned.min() == churned.max():
        return parameters  # one outcome only: the observed rate is all there is
    model = LogisticRegression(C=PRIOR_C if small_data else LEARNED_C, max_iter=500)
    model.fit((values - mean) / scale, churned)
    parameters["coefficients"] = [float(c) for c in model.coef_[0]]
    parameters["intercept"] = float(model.intercept_[0])
    return parameters


def predict(parameters: dict[str, Any], values: Floats) -> Floats:
    """Churn probabilities of rows (x the parameters' features)."""
    mean = np.asarray(parameters["mean"], dtype=np.float64)
    scale = np.asarray(parameters["scale"], dtype=np.float64)
    coefficients = np.asarray(parameters["coefficients"], dtype=np.float64)
    logits = ((values - mean) / scale) @ coefficients + float(parameters["intercept"])
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))), dtype=np.float64)


def columns(values: Floats, names: tuple[str, ...]) -> Floats:
    """The columns of FEATURES rows that `names` lists."""
    return values[:, [FEATURES.index(name) for name in names]]
