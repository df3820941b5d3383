"""A request to train a prediction model now, and where its training stands."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin

#: The statuses of a request that still waits for its training or is in it (at most one such request per kind).
WAITING = ("queued", "running")
#: The same as SQL: the predicate of the partial unique index (and of the insert's ON CONFLICT that infers it).
WAITING_SQL = text("status IN ('queued', 'running')")


class PredictionTrainingRequest(IdMixin, Base):
    """An administrator's request to train a model (`kind`: churn, win) now, run by the `model-train-requests` job.

    At most one request per kind is queued or running (a partial unique index): asking again while one waits
    answers the waiting one. `run_id` is the run the training recorded; `error` says why it failed.
    """

    __tablename__ = "prediction_training_request"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_valid"),
        CheckConstraint("kind IN ('churn', 'win')", name="kind_valid"),
        Index(
            "uq_prediction_training_request_waiting",
            "kind",
            unique=True,
            postgresql_where=WAITING_SQL,
        ),
        Index("ix_prediction_training_request_kind", "kind", "requested_at"),
    )

    kind: Mapped[str] = mapped_column(String(16))
    requested_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    requested_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="queued")
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prediction_model_run.id", ondelete="SET NULL"))
    #: Why it failed, as a message (`rapport.core.i18n.Message.to_json`).
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
