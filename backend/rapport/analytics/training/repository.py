"""SQL of training requests: the newest request of each model, and a request's run."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from rapport.analytics.runs.models import PredictionModelRun
from rapport.analytics.training.models import PredictionTrainingRequest
from rapport.core.principal import Principal
from rapport.graphql.declare import Rows


def latest_rows() -> Rows:
    """`Query.predictionTrainingRequests`: the newest request of each model (churn first)."""
    table = PredictionTrainingRequest
    ranked = select(
        table.id,
        func.row_number()
        .over(partition_by=table.kind, order_by=(table.requested_at.desc(), table.id.desc()))
        .label("rank"),
    ).subquery("ranked")
    newest = select(ranked.c.id).where(ranked.c.rank == 1)
    return Rows(select(table).where(table.id.in_(newest)), [table.kind, table.id])


def runs(principal: Principal | None) -> Select[Any]:
    """The runs a request may name (runs are not row-scoped: whoever reads the field sees the same run)."""
    return select(PredictionModelRun)
