"""Model runs: the measures are the textbook ones, a run that does not beat its baseline never scores, and the runs
are read the same on both read paths by exactly the roles the policy grants (administrators and analysts)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from rapport.analytics.runs.metrics import deciles, evaluate, precision_at_top
from rapport.analytics.runs.service import RunDraft, promotion, record_run, scoring_model
from rapport.config import Settings
from rapport.core.db import Database
from tests.authz.conftest import USERS
from tests.conftest import both_paths

pytestmark = pytest.mark.usefixtures("demo")

T0 = datetime(2026, 6, 1, tzinfo=UTC)
RUNS = """query($kind: PredictionKind) { predictionModelRuns(first: 10, kind: $kind) { totalCount nodes {
  kind trainRows testRows positives auc baselineAuc precisionTopDecile brier baselineBrier promoted smallData note
  calibration { decile rows predicted observed } } } }"""


def _draft(outcomes: list[int], scores: list[float], baseline: list[float], **extra: Any) -> RunDraft:
    measured = evaluate(np.array(outcomes, float), np.array(scores, float), np.array(baseline, float))
    return RunDraft("churn", T0, T0, train_rows=500, positives=100, evaluation=measured, **extra)


def test_measures_match_hand_computed_values() -> None:
    outcomes = np.array([0, 0, 1, 1, 0, 1, 0, 0, 0, 1], float)
    scores = np.array([0.1, 0.2, 0.8, 0.7, 0.3, 0.9, 0.4, 0.2, 0.6, 0.5])
    measured = evaluate(outcomes, scores, scores[::-1].copy())
    # of the 24 (churner, stayer) pairs, only (0.5, 0.6) is ranked wrong
    assert measured.auc == pytest.approx(23 / 24)
    assert measured.brier == pytest.approx(float(np.mean((scores - outcomes) ** 2)))
    assert precision_at_top(outcomes, scores) == 1.0  # the top tenth is the 0.9, a churner
    bins = deciles(outcomes, scores)
    assert [b.rows for b in bins] == [1] * 10 and bins[-1].predicted == 0.9 and bins[-1].observed == 1.0
    assert sum(b.rows for b in deciles(np.zeros(95), np.linspace(0, 1, 95))) == 95


def test_promotion_needs_the_margin_over_the_baseline() -> None:
    outcomes = [0, 1] * 50
    good = [0.2 + 0.6 * o for o in outcomes]
    assert promotion(_draft(outcomes, good, [0.5] * 100))[0]  # AUC 1.0 against 0.5
    assert not promotion(_draft(outcomes, good, good))[0]  # no better than its baseline
    assert not promotion(_draft([0] * 10, [0.1] * 10, [0.1] * 10))[0]  # one class: unmeasured
    assert promotion(_draft([0] * 10, [0.1] * 10, [0.1] * 10, small_data=True))[0]  # priors, labelled


async def test_only_promoted_runs_score_and_roles_read_runs_as_granted(db: Database, settings: Settings) -> None:
    outcomes = [0, 1] * 50
    good = [0.2 + 0.6 * o for o in outcomes]
    async with db.write() as session:
        first = await record_run(session, _draft(outcomes, good, [0.5] * 100))
        weak = await record_run(session, _draft(outcomes, good, good))
    async with db.read() as session:
        scoring = await scoring_model(session, "churn")
        assert scoring is not None and scoring.id == first.id != weak.id
        assert await scoring_model(session, "win") is None
    for role, email in USERS.items():
        async with both_paths(settings, db, email) as paths:
            fast = await paths.fast(RUNS, {"kind": "CHURN"})
            slow = await paths.slow(RUNS, {"kind": "CHURN"})
            assert fast == slow, role
            if role in ("admin", "analyst"):
                runs = fast["data"]["predictionModelRuns"]
                assert runs["totalCount"] == 2, role
                newest, oldest = runs["nodes"]
                assert (newest["promoted"], oldest["promoted"]) == (False, True)
                assert oldest["auc"] == 1.0 and oldest["baselineAuc"] == 0.5
                assert "does not beat the baseline" in newest["note"]
                assert [b["decile"] for b in oldest["calibration"]] == list(range(1, 11))
                assert paths.served > 0
            else:
                codes = {e["extensions"]["code"] for e in fast.get("errors") or []}
                assert codes & {"FORBIDDEN", "UNAUTHENTICATED"}, (role, fast)
