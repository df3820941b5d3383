"""A customer's latest churn score, the one before it, and its place in the high-risk hysteresis."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base


class CustomerChurnScore(Base):
    """One row per scored customer, rewritten by each scoring pass (the previous score kept beside it).

    `high` is the hysteresis state: set when the probability reaches 0.7, cleared only when it falls below 0.6;
    the pass that sets it alerts (a conditional UPDATE, so two workers never alert twice for one crossing).
    """

    __tablename__ = "customer_churn_score"
    __table_args__ = (
        Index("ix_customer_churn_score_high", "probability", postgresql_where=text("high")),
        # The customers at risk, riskiest first, a page at a time (`customersAtRisk`'s keyset; migration 0047).
        Index("ix_customer_churn_score_rank", "probability", "customer_id"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prediction_model_run.id", ondelete="SET NULL"))
    probability: Mapped[float] = mapped_column(Float)
    #: The top reasons, strongest first: [{"code": ..., "params": {...}}] (words come at reading, per language).
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    small_data: Mapped[bool] = mapped_column(Boolean, default=False)
    scored_at: Mapped[datetime]
    previous_probability: Mapped[float | None] = mapped_column(Float)
    previous_scored_at: Mapped[datetime | None]
    previous_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    high: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When it last entered high risk (and was alerted).
    high_since: Mapped[datetime | None]
