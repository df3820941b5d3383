"""The attribution models: how one conversion's credit is shared among its touches (pure functions).

Every model gives each touch a share in [0, 1] and the shares of one conversion sum to 1, so every model hands out
exactly the conversion's revenue: side by side, the models reconcile to the same total. The SQL aggregation
(`rapport.marketing.attribution.figures`) computes the same shares with window functions; the tests hold the two
equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum


class Model(StrEnum):
    """An attribution model."""

    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"
    LINEAR = "linear"
    POSITION_BASED = "position_based"
    TIME_DECAY = "time_decay"


#: Position-based: the first and the last touch get 40 % each, the touches between share the remaining 20 %.
POSITION_ENDS = 0.4
DEFAULT_HALF_LIFE_DAYS = 7
DEFAULT_LOOKBACK_DAYS = 30


def shares(model: Model, touch_times: Sequence[datetime], converted_at: datetime, half_life_days: float) -> list[float]:
    """Each touch's share of the conversion, in the order given (touches sorted by time, oldest first).

    - first touch: 1 for the first, 0 for the others; last touch: 1 for the last;
    - linear: 1/n each;
    - position-based: one touch 1; two touches 1/2 each; n ≥ 3: 0.4 for the first and the last, 0.2/(n-2) for each
      touch between;
    - time decay: weight 2^(-age/half-life) with age the time from the touch to the conversion, divided by the
      sum of the weights.
    """
    n = len(touch_times)
    if n == 0:
        return []
    if model is Model.FIRST_TOUCH:
        return [1.0] + [0.0] * (n - 1)
    if model is Model.LAST_TOUCH:
        return [0.0] * (n - 1) + [1.0]
    if model is Model.LINEAR:
        return [1.0 / n] * n
    if model is Model.POSITION_BASED:
        if n <= 2:
            return [1.0 / n] * n
        middle = (1.0 - 2 * POSITION_ENDS) / (n - 2)
        return [POSITION_ENDS] + [middle] * (n - 2) + [POSITION_ENDS]
    half_life = half_life_days * 86400.0
    weights = [0.5 ** ((converted_at - at).total_seconds() / half_life) for at in touch_times]
    total = sum(weights)
    return [weight / total for weight in weights]
