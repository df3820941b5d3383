"""GraphQL types of model runs (administrators and analysts): measures, calibration by decile, promotion."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from rapport.analytics.runs import models
from rapport.analytics.runs.repository import bins_of
from rapport.core.i18n import render_stored
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, relation, rendered


class PredictionKind(Enum):
    """What a model predicts."""

    CHURN = "churn"
    WIN = "win"


strawberry.enum(PredictionKind, description="What a model predicts: a customer's churn, an opportunity's win.")


@strawberry.type(description="One decile of a run's held-out predictions: mean prediction against what happened.")
class PredictionRunBin(FromRow):
    """A calibration decile."""

    decile: int = strawberry.field(description="1 (lowest predictions) to 10 (highest).")
    rows: int = strawberry.field(description="Held-out examples in the decile.")
    predicted: float = strawberry.field(description="Their mean predicted probability.")
    observed: float = strawberry.field(description="The share of them that did churn (or win).")
    _row: strawberry.Private[models.PredictionRunBin]


def _note(locale: str, note: dict[str, Any] | None) -> str | None:
    return render_stored(note or None, locale, None)


@strawberry.type(description="A training of a prediction model, measured on a later period than it learned from.")
class PredictionModelRun(FromRow):
    """A model run."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    kind: PredictionKind = strawberry.field(description="What the model predicts.")
    trained_at: datetime = strawberry.field(description="When it was trained.")
    train_as_of: datetime = strawberry.field(description="The date its training examples were taken at.")
    test_as_of: datetime = strawberry.field(description="The later date its held-out examples were taken at.")
    train_rows: int = strawberry.field(description="Training examples.")
    test_rows: int = strawberry.field(description="Held-out examples it was measured on.")
    positives: int = strawberry.field(description="Training examples that churned (or were won).")
    auc: float | None = strawberry.field(description="Area under the ROC curve on the held-out examples.")
    baseline_auc: float | None = strawberry.field(
        description="The baseline's AUC on the same examples (churn: recency alone; win: the stage's win rate)."
    )
    precision_top_decile: float | None = strawberry.field(
        description="The share of positives among the tenth with the highest predictions."
    )
    brier: float | None = strawberry.field(description="Brier score (mean squared error of the probabilities).")
    baseline_brier: float | None = strawberry.field(description="The baseline's Brier score on the same examples.")
    promoted: bool = strawberry.field(description="Whether it scores (the newest promoted run of its kind does).")
    small_data: bool = strawberry.field(description="Too little history: predictions come from priors.")
    duration_ms: int = strawberry.field(description="How long training and measuring took, in milliseconds.")
    _row: strawberry.Private[models.PredictionModelRun]

    @rendered(("note",), _note, description="Why it was or was not promoted, in your language.")
    def note(self, info: Info) -> str | None:
        """Why it was or was not promoted."""

    @relation(Relation("PredictionRunBin", "list", bins_of), description="Calibration by decile, lowest first.")
    async def calibration(self, info: Info) -> list[PredictionRunBin]:
        """The deciles."""
