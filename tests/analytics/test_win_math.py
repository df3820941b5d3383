"""The forecast's range and the retrospective's comparisons against hand-computed examples."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import numpy as np
import pytest

from rapport.analytics.winprob import forecast
from rapport.analytics.winprob.features import Deal
from rapport.analytics.winprob.forecast import Z90, forecast_range
from rapport.analytics.winprob.model import is_small, probabilities, stage_priors
from rapport.analytics.winprob.retrospective import compare, compare_one

T = datetime(2026, 6, 1, tzinfo=UTC)


def _deal(won: int | None, *, wait: float | None = 2.0, activities: int = 5, quiet: float = 3.0, top: int = 2) -> Deal:
    return Deal(
        opportunity_id=uuid.uuid4(),
        as_of=T,
        customer_id=uuid.uuid4(),
        owner_id=None,
        team_id=None,
        amount=10000.0,
        expected_close=None,
        stage_key="quote",
        stage_position=top,
        stage_probability=30,
        age_days=20.0,
        days_in_stage=5.0,
        stage_moves=2,
        top_position=top,
        earlier_won=0,
        earlier_lost=0,
        activities_30d=activities,
        days_since_activity=quiet,
        quote_wait_days=wait,
        won=won,
        closed_at=T,
    )


def test_forecast_expected_value_and_range_by_hand() -> None:
    # two deals at 0.5: 0, 100, 200 or 300 won, each with chance 1/4 -> P10 0, P90 300
    found = forecast_range([0.5, 0.5], [100.0, 200.0])
    assert found.expected == 150.0 and found.low == 0.0 and found.high == 300.0
    # certain outcomes: no spread
    found = forecast_range([1.0, 0.0, 1.0], [100.0, 500.0, 40.0])
    assert (found.expected, found.low, found.high) == (140.0, 140.0, 140.0)
    # one deal at 0.95: P10 is its amount too (won in 95 % of the draws)
    assert forecast_range([0.95], [1000.0]).low == 1000.0
    assert forecast_range([], []) == forecast.Range(0.0, 0.0, 0.0)


def test_many_deals_use_the_normal_approximation() -> None:
    n = forecast.SIMULATED_UP_TO + 100
    p, a = [0.3] * n, [1000.0] * n
    found = forecast_range(p, a)
    spread = Z90 * np.sqrt(n * 0.3 * 0.7 * 1000.0**2)
    assert found.expected == pytest.approx(0.3 * 1000 * n)
    assert found.low == pytest.approx(found.expected - spread) and found.high == pytest.approx(found.expected + spread)
    # and the simulation agrees with it where both apply
    simulated = forecast_range(p[:400], a[:400])
    assert simulated.high - simulated.low == pytest.approx(2 * Z90 * np.sqrt(400 * 0.21) * 1000, rel=0.06)


def test_the_retrospective_of_a_hand_built_period() -> None:
    won = [_deal(1, wait=w, activities=a) for w, a in ((1, 8), (2, 6), (3, 7))]
    lost = [_deal(0, wait=w, activities=a, quiet=q) for w, a, q in ((9, 2, 20), (12, 3, 30), (7, 7, 3))]
    found = {d.factor: d for d in compare(won + lost)}
    assert (found["quoteResponseDays"].lost, found["quoteResponseDays"].won) == (9.0, 2.0)
    assert (found["activities30d"].lost, found["activities30d"].won) == (3.0, 7.0)
    assert (found["daysSinceActivity"].lost, found["daysSinceActivity"].won) == (20.0, 3.0)
    assert "daysInStage" not in found and "amount" not in found  # the same for both
    assert found["quoteResponseDays"].message.render("en") == (
        "Days waiting for a response at the quote stage: 9 for lost deals, 2 for won ones"
    )
    assert found["quoteResponseDays"].message.render("zh-CN") == "报价阶段等待回应的天数：输单 9，赢单 2"
    # one lost deal against the won ones: outside their middle half only
    one = {d.factor: (d.lost, d.won) for d in compare_one(lost[0], won)}
    assert one == {"quoteResponseDays": (9.0, 2.0), "activities30d": (2.0, 7.0), "daysSinceActivity": (20.0, 3.0)}
    assert compare_one(lost[2], won).__len__() == 1  # 7 days waiting; 7 activities and 3 quiet days are inside


def test_priors_shrink_each_stage_toward_the_overall_rate() -> None:
    deals = [_deal(1, top=4) for _ in range(3)] + [_deal(0, top=1) for _ in range(5)] + [_deal(0, top=4)]
    priors = stage_priors(deals, [1, 2, 3, 4])
    overall = (3 + 1) / (9 + 2)
    assert priors["overall"] == pytest.approx(overall)
    assert priors["rates"]["4"] == pytest.approx((3 + 10 * overall) / (4 + 10))
    assert priors["rates"]["1"] == pytest.approx((3 + 10 * overall) / (9 + 10))
    assert is_small(deals)
    assert probabilities({"priors": priors}, [_deal(None, top=4)])[0] == pytest.approx(priors["rates"]["4"])


@pytest.mark.usefixtures("demo")
async def test_earlier_deals_reasons_only_for_viewers_who_see_every_deal() -> None:
    """A reason counting the customer's earlier deals counts deals of every owner: a rep (own deals) or a manager
    (the team's) would learn of deals outside their row scope, so only viewers who see all opportunities read it."""
    from rapport.analytics.winprob.reasons import visible_reasons
    from rapport.core.authz import policy as authz_policy
    from rapport.core.i18n import msg

    stored = [
        {"kind": "history", "effect": 1.0, "message": msg("Customer won {count} earlier deals", count=3).to_json()},
        {"kind": "stage", "effect": 0.5, "message": msg("Customer won {count} earlier deals", count=0).to_json()},
    ]
    shown = {
        role: len(visible_reasons(stored, authz_policy.current().for_roles([role]), "en"))
        for role in ("sales_rep", "sales_manager", "sales_director", "analyst")
    }
    assert shown == {"sales_rep": 1, "sales_manager": 1, "sales_director": 2, "analyst": 2}
