"""The lost-deal retrospective: where lost deals differed from won ones, each described as it stood before closing.

For a period, each factor's median among the lost deals and among the won ones; for one lost deal, its value of
each factor against the won deals' median, kept where it lies beyond the won deals' middle half.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rapport.analytics.winprob.features import Deal
from rapport.core.i18n import Message, msg


@dataclass(frozen=True)
class Factor:
    """One factor: its name, what it reveals (a reason kind), how it reads a deal, and its label in words."""

    name: str
    kind: str
    value: Callable[[Deal], float | None]
    label: Message


def _quote_wait(deal: Deal) -> float | None:
    return deal.quote_wait_days


FACTORS = (
    Factor("quoteResponseDays", "activity", _quote_wait, msg("Days waiting for a response at the quote stage")),
    Factor("activities30d", "activity", lambda d: float(d.activities_30d), msg("Activities in the last 30 days")),
    Factor("daysSinceActivity", "activity", lambda d: d.days_since_activity, msg("Days without follow-up")),
    Factor("daysInStage", "stage", lambda d: d.days_in_stage, msg("Days in the last stage")),
    Factor("ageDays", "stage", lambda d: d.age_days, msg("Days open")),
    Factor("earlierWon", "history", lambda d: float(d.earlier_won), msg("The customer's earlier won deals")),
    Factor("amount", "amount", lambda d: d.amount, msg("Amount")),
)


@dataclass(frozen=True)
class Difference:
    """A factor where lost deals (or one lost deal) differed from won ones: both values, and the words."""

    factor: str
    kind: str
    lost: float
    won: float
    message: Message


def _values(factor: Factor, deals: list[Deal]) -> list[float]:
    return [v for v in (factor.value(d) for d in deals) if v is not None]


def _round(value: float) -> float:
    return round(value, 1)


def compare(deals: list[Deal], relative: float = 0.2) -> list[Difference]:
    """The factors whose median among the lost deals differs from the won deals' by more than `relative` (of the
    larger), largest difference first."""
    lost = [d for d in deals if d.won == 0]
    won = [d for d in deals if d.won == 1]
    found: list[tuple[float, Difference]] = []
    for factor in FACTORS:
        lost_values, won_values = _values(factor, lost), _values(factor, won)
        if not lost_values or not won_values:
            continue
        a, b = _round(float(np.median(lost_values))), _round(float(np.median(won_values)))
        gap = abs(a - b) / max(abs(a), abs(b), 1e-9)
        if gap > relative:
            words = msg("{factor}: {lost} for lost deals, {won} for won ones", factor=factor.label, lost=a, won=b)
            found.append((gap, Difference(factor.name, factor.kind, a, b, words)))
    return [d for _, d in sorted(found, key=lambda item: -item[0])]


def compare_one(deal: Deal, won: list[Deal]) -> list[Difference]:
    """The factors where one (lost) deal lies outside the won deals' middle half (below their 25th or above their
    75th percentile), with its value and their median, furthest first."""
    found: list[tuple[float, Difference]] = []
    for factor in FACTORS:
        value, won_values = factor.value(deal), _values(factor, won)
        if value is None or not won_values:
            continue
        q1, median, q3 = (float(q) for q in np.quantile(won_values, [0.25, 0.5, 0.75]))
        spread = max(q3 - q1, 1e-9)
        if value < q1 or value > q3:
            distance = (q1 - value if value < q1 else value - q3) / spread
            a, b = _round(value), _round(median)
            words = msg("{factor}: {value} for this deal, {won} for won ones", factor=factor.label, value=a, won=b)
            found.append((distance, Difference(factor.name, factor.kind, a, b, words)))
    return [d for _, d in sorted(found, key=lambda item: -item[0])]
