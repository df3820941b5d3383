"""The win model: per-stage priors (Beta-shrunk win rates), and a logistic regression on standardized features.

Everything scoring needs is plain JSON (`parameters`): feature names, means and scales, coefficients, intercept,
and the priors per stage position; no pickled objects.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from rapport.analytics.runs.metrics import Floats
from rapport.analytics.winprob.features import FEATURES, Deal

#: Below this many won and this many lost deals, scores come from the per-stage priors alone (issue 19).
SMALL_DATA = 200
#: The strength of the Beta prior: a stage's rate counts as if it had this many deals at the overall rate.
PRIOR_STRENGTH = 10.0
_EPS = 1e-4


def stage_priors(deals: list[Deal], positions: list[int]) -> dict[str, Any]:
    """Per open stage position: of the closed deals that reached it (or passed it), the share won, shrunk toward the
    overall rate by a Beta prior of `PRIOR_STRENGTH` deals; and the overall rate."""
    furthest = _furthest(deals)
    won = sum(w for _, w in furthest.values())
    overall = (won + 1.0) / (len(furthest) + 2.0)  # Laplace: never 0 or 1
    rates: dict[str, float] = {}
    counts: dict[str, int] = {}
    for position in positions:
        reached = [w for top, w in furthest.values() if top >= position]
        wins = sum(reached)
        rates[str(position)] = (wins + PRIOR_STRENGTH * overall) / (len(reached) + PRIOR_STRENGTH)
        counts[str(position)] = len(reached)
    return {"overall": overall, "rates": rates, "counts": counts}


def _furthest(deals: list[Deal]) -> dict[Any, tuple[int, int]]:
    # One entry per opportunity (a deal may be described at several moments): the furthest stage it reached, and won.
    found: dict[Any, tuple[int, int]] = {}
    for d in deals:
        top, _ = found.get(d.opportunity_id, (0, 0))
        found[d.opportunity_id] = (max(top, d.top_position), d.won or 0)
    return found


def prior_of(priors: dict[str, Any], deal: Deal) -> float:
    """The prior win probability of a deal in its current stage."""
    return float(priors["rates"].get(str(deal.stage_position), priors["overall"]))


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1 - _EPS)
    return math.log(p / (1 - p))


def row(priors: dict[str, Any], deal: Deal) -> list[float]:
    """A deal's raw feature values in `FEATURES` order."""
    return [_logit(prior_of(priors, deal)) if name == "stage_prior_logit" else deal.value(name) for name in FEATURES]


def matrix(priors: dict[str, Any], deals: list[Deal]) -> Floats:
    """The deals' raw features as a matrix."""
    return np.array([row(priors, d) for d in deals], dtype=np.float64).reshape(len(deals), len(FEATURES))


def is_small(deals: list[Deal]) -> bool:
    """Too few won or lost deals (opportunities, not descriptions of them) for a learned model."""
    furthest = _furthest(deals)
    won = sum(w for _, w in furthest.values())
    return won < SMALL_DATA or len(furthest) - won < SMALL_DATA


def fit(deals: list[Deal], outcomes: Floats, priors: dict[str, Any]) -> dict[str, Any]:
    """Fit the logistic regression on standardized features; the parameters that score with it."""
    x = matrix(priors, deals)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit((x - mean) / scale, outcomes)
    return {
        "features": list(FEATURES),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coefficients": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "priors": priors,
    }


def probabilities(parameters: dict[str, Any], deals: list[Deal]) -> Floats:
    """Win probabilities of deals: the learned model's, or the stage priors' when `parameters` has no coefficients."""
    priors = parameters["priors"]
    if "coefficients" not in parameters or not deals:
        return np.array([prior_of(priors, d) for d in deals], dtype=np.float64)
    z = (matrix(priors, deals) - np.array(parameters["mean"])) / np.array(parameters["scale"])
    logits = z @ np.array(parameters["coefficients"]) + parameters["intercept"]
    return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


def contributions(parameters: dict[str, Any], deal: Deal) -> dict[str, float]:
    """Each feature's push on the deal's log-odds against an average deal (coefficient x standardized value)."""
    if "coefficients" not in parameters:
        return {}
    x = row(parameters["priors"], deal)
    names, mean, scale, coef = (parameters[k] for k in ("features", "mean", "scale", "coefficients"))
    return {n: c * (v - m) / s for n, v, m, s, c in zip(names, x, mean, scale, coef, strict=True)}
