"""Root mutation field of training requests: train a model now (administrators)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.analytics.runs.types import PredictionKind
from rapport.analytics.training import service
from rapport.analytics.training.types import PredictionTrainingRequest
from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.types import INPUT, UserError


@strawberry.input(description="Which model to train now.")
class PredictionModelTrainInput:
    """The model to train."""

    kind: PredictionKind = strawberry.field(description="The model to train.")


@strawberry.type(description="The result of asking for a training.")
class PredictionModelTrainPayload:
    """The request, new or the one already waiting."""

    request: PredictionTrainingRequest | None = strawberry.field(
        description="The request: a new one, or the one of this model already queued or running."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class TrainingMutation:
    """Root mutation fields of training requests."""

    @strawberry.mutation(
        description="Train a model now (administrators): the request is queued for a worker; while one of the same "
        "model is queued or running, that one is answered and no second training is queued."
    )
    async def prediction_model_train(
        self, info: Info, input: Annotated[PredictionModelTrainInput, INPUT]
    ) -> PredictionModelTrainPayload:
        """Ask for a training."""

        async def train() -> PredictionTrainingRequest:
            async with info.context.write() as session:
                row = await service.request_training(session, info.context.viewer, input.kind.value)
                return PredictionTrainingRequest.from_row(row)

        return await outcome(PredictionModelTrainPayload, "request", train)
