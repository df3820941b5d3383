"""The forecast with a range: Σ p x amount over open deals, and the P10-P90 of what will be won.

Each deal is won (its amount) with its probability, independently of the others, so the won total follows a
Poisson-binomial distribution of amounts. Its percentiles come from a seeded simulation (the same answer for the
same deals), or from the normal approximation for many deals, where the simulation would be costly and the normal
law is close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Draws of the simulation, and its seed (a forecast is the same on every reload).
DRAWS = 20_000
SEED = 19
#: Draws simulated at once (DRAWS is a multiple of it).
BLOCK = 2_000
#: Above this many deals, the normal approximation.
SIMULATED_UP_TO = 400
#: The standard normal's 90th percentile.
Z90 = 1.2815515655446004


@dataclass(frozen=True)
class Range:
    """The expected won amount and its 10th and 90th percentiles."""

    expected: float
    low: float
    high: float


def forecast_range(probabilities: Sequence[float], amounts: Sequence[float]) -> Range:
    """Expected value Σ p x amount, and the P10 and P90 of the won total (seeded simulation, or the normal
    approximation above `SIMULATED_UP_TO` deals, bounded to [0, Σ amount])."""
    p = np.asarray(probabilities, dtype=np.float64)
    a = np.asarray(amounts, dtype=np.float64)
    if len(p) == 0:
        return Range(0.0, 0.0, 0.0)
    expected = float(p @ a)
    if len(p) <= SIMULATED_UP_TO:
        rng = np.random.default_rng(SEED)
        # In blocks of draws: the won/lost matrix of all draws at once is 64 MB of float64 at 400 deals.
        totals = np.concatenate(
            [(rng.random((BLOCK, len(p))) < p).astype(np.float64) @ a for _ in range(DRAWS // BLOCK)]
        )
        low, high = np.quantile(totals, [0.1, 0.9], method="inverted_cdf")
        return Range(expected, float(low), float(high))
    spread = Z90 * float(np.sqrt(np.sum(p * (1 - p) * a * a)))
    return Range(expected, max(0.0, expected - spread), min(float(a.sum()), expected + spread))
