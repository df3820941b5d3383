"""A training run of a prediction model, and its calibration by decile."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin


class PredictionModelRun(IdMixin, Base):
    """One training of a model (`kind`: churn, win), measured on a later period than it learned from (a time split).

    The newest promoted run of a kind is the one that scores; a run that does not beat its baseline (for churn:
    recency alone) is kept with `promoted` false and a `note` saying why, so admins see every attempt.
    """

    __tablename__ = "prediction_model_run"
    __table_args__ = (Index("ix_prediction_model_run_kind", "kind", "trained_at"),)

    kind: Mapped[str] = mapped_column(String(16))
    trained_at: Mapped[datetime]
    #: The date the training examples' features were taken at; the held-out examples' date is `test_as_of`.
    train_as_of: Mapped[datetime]
    test_as_of: Mapped[datetime]
    train_rows: Mapped[int] = mapped_column(Integer)
    test_rows: Mapped[int] = mapped_column(Integer)
    #: Positive examples (churned, won) among the training rows.
    positives: Mapped[int] = mapped_column(Integer)
    auc: Mapped[float | None] = mapped_column(Float)
    baseline_auc: Mapped[float | None] = mapped_column(Float)
    precision_top_decile: Mapped[float | None] = mapped_column(Float)
    brier: Mapped[float | None] = mapped_column(Float)
    baseline_brier: Mapped[float | None] = mapped_column(Float)
    promoted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Too little history for a learned model: scores come from priors (labelled so wherever they are shown).
    small_data: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Why the run was or was not promoted (a message code and its values; rendered in the reader's language).
    note: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    #: What scoring needs: feature names, scaling, coefficients, priors (no pickled objects).
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)


class PredictionRunBin(Base):
    """One decile of a run's held-out predictions: mean predicted probability against the observed rate."""

    __tablename__ = "prediction_run_bin"

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("prediction_model_run.id", ondelete="CASCADE"), primary_key=True
    )
    decile: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    predicted: Mapped[float] = mapped_column(Float)
    observed: Mapped[float] = mapped_column(Float)
