"""Root field of training requests: the newest request of each model, for those who read model runs."""

from __future__ import annotations

import strawberry

from rapport.analytics.training.repository import latest_rows
from rapport.analytics.training.types import PredictionTrainingRequest
from rapport.graphql.context import Info
from rapport.graphql.declare import RootField
from rapport.graphql.kit import rows_of

#: The compiled root fields of training requests (listed in the analytics manifest).
ROOTS = {
    "predictionTrainingRequests": RootField(
        "PredictionTrainingRequest", "list", lambda principal, arguments: latest_rows()
    ),
}


@strawberry.type
class TrainingQuery:
    """Root query fields of training requests."""

    @strawberry.field(
        description="The newest training request of each prediction model (none for a model never asked to train)."
    )
    async def prediction_training_requests(self, info: Info) -> list[PredictionTrainingRequest]:
        """The newest request per model."""
        return await rows_of(info, latest_rows(), PredictionTrainingRequest.from_row)
