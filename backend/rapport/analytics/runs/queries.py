"""Root fields of model runs: every training, newest first, for administrators and analysts."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.analytics.runs.repository import run_rows
from rapport.analytics.runs.types import PredictionKind, PredictionModelRun
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import statement_page
from rapport.graphql.types import After, Connection, First, page_size_or_none


def _rows(principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    if size is None:
        return None
    kind = arguments.get("kind")
    found = run_rows(None if kind is None else PredictionKind(kind).value)
    return Rows(found.statement, found.order_by, size, found.keyset)


#: The compiled root fields of model runs (listed in the analytics manifest).
ROOTS = {
    "predictionModelRuns": RootField(
        "PredictionModelRun", "connection", _rows, arguments=frozenset({"first", "after", "kind"})
    ),
}


@strawberry.type
class RunQuery:
    """Root query fields of model runs."""

    @strawberry.field(description="Trainings of the prediction models with their measures, newest first.")
    async def prediction_model_runs(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        kind: Annotated[PredictionKind | None, strawberry.argument(description="Only this model's runs.")] = None,
    ) -> Connection[PredictionModelRun]:
        """A page of runs."""
        rows = run_rows(None if kind is None else kind.value)
        return await statement_page(info, rows, first, after, PredictionModelRun.from_row)
