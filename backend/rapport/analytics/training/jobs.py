"""The job of trainings asked for now: every few seconds, run the waiting requests one after the other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.analytics.training import service
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job

#: Requests one run of the job trains at most (one per model).
PER_RUN = 2


@periodic_job("model-train-requests", "* * * * * */3", "Train the prediction models administrators asked to train now.")
async def model_train_requests(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Run waiting training requests (and fail those whose worker died)."""
    trained = 0
    while trained < PER_RUN and await service.run_one(db, now):
        trained += 1
    return {"trained": trained}
