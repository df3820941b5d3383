"""When a demo customer orders: a lifecycle with signal a churn model can learn, and noise it cannot.

Orders come faster in the retail season's busy months. Each buying customer follows one pattern (drawn from its
own random stream, so the rest of the demo rows do not move when the patterns change):

- steady: orders every 3-10 weeks until today;
- slow but regular: every 4-6 months, like clockwork (a long gap that recency alone misreads as churn);
- declining: the gaps grow order after order, then the orders stop (and the service desk hears complaints:
  `rapport.support.demo` plants them where the orders thin out);
- sudden: steady, then nothing, without warning (noise: no model sees it coming);
- recovering: the gaps grow for a while, then the customer comes back to its old rhythm (a warning that passes).
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from rapport.customers.demo_data import MONTH_WEIGHTS

#: Patterns and their weights among customers who order at all.
PATTERNS = {"steady": 34, "slow": 22, "declining": 22, "sudden": 10, "recovering": 12}
_MAX_ORDERS = 60
_MEAN_WEIGHT = sum(MONTH_WEIGHTS) / len(MONTH_WEIGHTS)


def _gap(rng: random.Random, period: float, jitter: float) -> timedelta:
    return timedelta(days=max(3.0, rng.gauss(period, period * jitter)))


def pattern_of(customer_id: uuid.UUID) -> str | None:
    """The customer's pattern (None: it never orders), the same for the same id."""
    rng = random.Random(customer_id.int)  # noqa: S311 - demo data, not secrets
    if rng.random() >= 0.85:
        return None
    return rng.choices(list(PATTERNS), weights=list(PATTERNS.values()))[0]


def order_times(customer_id: uuid.UUID, created: datetime, now: datetime) -> list[datetime]:
    """The customer's order times between `created` and `now`, oldest first (empty: it never orders)."""
    pattern = pattern_of(customer_id)
    if pattern is None:
        return []
    rng = random.Random(customer_id.int ^ 0x5EED)  # noqa: S311 - demo data, not secrets
    span = (now - created).total_seconds()
    period = rng.uniform(120, 180) if pattern == "slow" else rng.uniform(21, 70)
    jitter = 0.12 if pattern == "slow" else 0.3
    # Where the pattern turns: somewhere in the customer's life, most often in its last two years.
    turn = created + timedelta(seconds=span * rng.uniform(0.2, 1.0))
    stop = None
    if pattern == "sudden":
        stop = turn
    at = created + timedelta(days=rng.uniform(0, period))
    times: list[datetime] = []
    growth = 1.0
    recovered = False
    while at < now and len(times) < _MAX_ORDERS:
        if stop is not None and at >= stop:
            break
        times.append(at)
        if pattern in ("declining", "recovering") and at >= turn and not recovered:
            growth *= rng.uniform(1.4, 1.8)
            if pattern == "declining" and growth > 5:
                break  # the last order: the customer is gone
            if pattern == "recovering" and growth > 2.5:
                recovered, growth = True, 1.0
        # the retail season: shorter gaps in busy months (Double 11, the 618 festival), longer in February
        at += _gap(rng, period * growth, jitter) * (_MEAN_WEIGHT / MONTH_WEIGHTS[at.month - 1])
    return times
