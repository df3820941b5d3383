"""The scoring pass: every customer in the population gets a probability and its top reasons in one set-based
write, then the high-risk hysteresis moves in two conditional UPDATEs and the customers that entered are alerted.

Hysteresis: a customer enters high risk at ENTER (0.7) and leaves it only below LEAVE (0.6). The UPDATE that sets
`high` matches only rows not yet high, so when two workers score at once the second finds the row already high
(PostgreSQL re-checks the condition on the row the first committed) and alerts nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Boolean, DateTime, Float, Text, Uuid, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.churn.alerts import alert
from rapport.analytics.churn.features import FEATURES, feature_rows
from rapport.analytics.churn.model import predict
from rapport.analytics.churn.reasons import top_reasons
from rapport.analytics.churn.train import KIND
from rapport.analytics.runs.service import scoring_model

ENTER = 0.7
LEAVE = 0.6


@dataclass(frozen=True)
class Scored:
    """One customer's new score."""

    customer_id: uuid.UUID
    probability: float
    reasons: list[dict[str, Any]]


_UPSERT = text(
    """
    INSERT INTO customer_churn_score AS s
        (customer_id, run_id, probability, reasons, small_data, scored_at, previous_reasons, high)
    SELECT u.customer_id, :run_id, u.probability, u.reasons::jsonb, :small_data, :now, '[]'::jsonb, false
    FROM unnest(:ids, :probabilities, :reasons) AS u(customer_id, probability, reasons)
    ON CONFLICT (customer_id) DO UPDATE SET
        -- "since the last score" is since an earlier day's: a rerun the same day keeps the day before's
        previous_probability = CASE WHEN s.scored_at::date < excluded.scored_at::date
            THEN s.probability ELSE s.previous_probability END,
        previous_scored_at = CASE WHEN s.scored_at::date < excluded.scored_at::date
            THEN s.scored_at ELSE s.previous_scored_at END,
        previous_reasons = CASE WHEN s.scored_at::date < excluded.scored_at::date
            THEN s.reasons ELSE s.previous_reasons END,
        run_id = excluded.run_id,
        probability = excluded.probability,
        reasons = excluded.reasons,
        small_data = excluded.small_data,
        scored_at = excluded.scored_at
    """
).bindparams(
    bindparam("ids", type_=ARRAY(Uuid())),
    bindparam("probabilities", type_=ARRAY(Float())),
    bindparam("reasons", type_=ARRAY(Text())),
    bindparam("run_id", type_=Uuid()),
    bindparam("small_data", type_=Boolean()),
    bindparam("now", type_=DateTime(timezone=True)),
)
_ENTER = text(
    "UPDATE customer_churn_score SET high = true, high_since = :now "
    "WHERE customer_id = ANY(:ids) AND NOT high AND probability >= :enter "
    "RETURNING customer_id, previous_scored_at IS NOT NULL"
).bindparams(bindparam("ids", type_=ARRAY(Uuid())), bindparam("now", type_=DateTime(timezone=True)))
_ANY_SCORE = text("SELECT EXISTS (SELECT FROM customer_churn_score)")
_LEAVE = text(
    "UPDATE customer_churn_score SET high = false WHERE customer_id = ANY(:ids) AND high AND probability < :leave"
).bindparams(bindparam("ids", type_=ARRAY(Uuid())))


async def store_scores(
    session: AsyncSession, scores: Sequence[Scored], *, now: datetime, run_id: uuid.UUID | None, small_data: bool
) -> list[uuid.UUID]:
    """Write the scores (the previous ones kept beside them), move the hysteresis, alert the customers that crossed
    into high risk (none on the very first pass, the model's debut); those customers' ids."""
    if not scores:
        return []
    ids = [s.customer_id for s in scores]
    backfill = not (await session.execute(_ANY_SCORE)).scalar()
    await session.execute(
        _UPSERT,
        {
            "ids": ids,
            "probabilities": [s.probability for s in scores],
            "reasons": [orjson.dumps(s.reasons).decode() for s in scores],
            "run_id": run_id,
            "small_data": small_data,
            "now": now,
        },
    )
    moved = (await session.execute(_ENTER, {"ids": ids, "now": now, "enter": ENTER})).all()
    await session.execute(_LEAVE, {"ids": ids, "leave": LEAVE})
    # The very first pass (no scores yet: the model's debut) sets every state without alerting, or it would alert
    # on every customer already at risk at once; afterwards a customer scored for the first time (new to the
    # population, e.g. after a first order) alerts like any other entry into high risk.
    entered = [row[0] for row in moved if row[1] or not backfill]
    await alert(session, entered, now)
    return entered


async def score_all(session: AsyncSession, now: datetime) -> dict[str, Any]:
    """Score every customer of the population with the promoted churn model (nothing before one exists)."""
    started = time.perf_counter()
    run = await scoring_model(session, KIND)
    if run is None:
        return {"scored": 0, "entered": 0}
    if run.parameters.get("features") != list(FEATURES):
        # trained on another feature list (an older version): wait for the next training rather than misread it
        return {"scored": 0, "entered": 0, "stale": str(run.id)}
    rows = await feature_rows(session, now)
    features_ms = round((time.perf_counter() - started) * 1000)
    probabilities = predict(run.parameters, rows.values)
    reasons = top_reasons(rows.values, run.parameters)
    scores = [
        Scored(customer_id, float(p), found)
        for customer_id, p, found in zip(rows.customer_ids, probabilities, reasons, strict=True)
    ]
    computed_ms = round((time.perf_counter() - started) * 1000)
    entered = await store_scores(session, scores, now=now, run_id=run.id, small_data=run.small_data)
    return {
        "scored": len(scores),
        "entered": len(entered),
        "ms": round((time.perf_counter() - started) * 1000),
        "features_ms": features_ms,
        "computed_ms": computed_ms,
    }
