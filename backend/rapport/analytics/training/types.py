"""GraphQL type of a training request: which model, where it stands, the run it recorded or why it failed."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from rapport.analytics.runs.types import PredictionKind, PredictionModelRun
from rapport.analytics.training import models
from rapport.analytics.training.repository import runs
from rapport.core.i18n import render_stored
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, by_id, relation, rendered


class PredictionTrainingStatus(Enum):
    """Where a training request stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


strawberry.enum(
    PredictionTrainingStatus,
    description="Where a training request stands: waiting for a worker, training, done, or failed.",
)


def _error(locale: str, error: dict[str, Any] | None) -> str | None:
    return render_stored(error or None, locale, None)


@strawberry.type(description="An administrator's request to train a prediction model now, and where it stands.")
class PredictionTrainingRequest(FromRow):
    """A training request."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    kind: PredictionKind = strawberry.field(description="The model to train.")
    status: PredictionTrainingStatus = strawberry.field(description="Where the request stands.")
    requested_at: datetime = strawberry.field(description="When it was asked for.")
    started_at: datetime | None = strawberry.field(description="When a worker started the training.")
    finished_at: datetime | None = strawberry.field(description="When the training ended (done or failed).")
    _row: strawberry.Private[models.PredictionTrainingRequest]

    @rendered(("error",), _error, description="Why the training failed, in your language (null unless failed).")
    def error(self, info: Info) -> str | None:
        """Why it failed."""

    @relation(
        Relation("PredictionModelRun", "one", by_id(runs, "run_id")),
        description="The run the training recorded (null until done).",
    )
    async def run(self, info: Info) -> PredictionModelRun | None:
        """The recorded run."""
