"""The stored win probability of an opportunity: the latest score, the one before it, and its reasons."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, VersionedMixin


class OpportunityWinScore(VersionedMixin, Base):
    """An opportunity's latest win probability (written by the scoring job; one row per opportunity)."""

    __tablename__ = "opportunity_win_score"

    opportunity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), primary_key=True
    )
    probability: Mapped[float] = mapped_column(Float)
    #: The score before this one (null at the first): "what changed since the last score".
    previous_probability: Mapped[float | None] = mapped_column(Float)
    previous_scored_at: Mapped[datetime | None]
    #: Scored from per-stage priors: too few closed deals for a learned model.
    small_data: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The top reasons: [{"kind": stage|activity|amount|history, "effect": +1|-1, "message": Message.to_json()}].
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prediction_model_run.id", ondelete="SET NULL"))
    scored_at: Mapped[datetime]
