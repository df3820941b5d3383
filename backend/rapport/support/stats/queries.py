"""Root query field of service figures."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Rows
from rapport.graphql.json_roots import json_answer, json_root, selected_fields
from rapport.support.stats import repository as figures
from rapport.support.stats.types import Bucket, ServiceStats


def _service_stats(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # As `Query.serviceStats`: the same JSON answer.
    bucket = arguments.get("bucket") or Bucket.DAY
    start, end = arguments.get("createdFrom"), arguments.get("createdTo")
    return figures.service_stats(principal, start, end, bucket.value, selected_fields(arguments))


#: The compiled root fields of service figures (listed in the support manifest).
ROOTS = {"serviceStats": json_root("ServiceStats", _service_stats, frozenset({"createdFrom", "createdTo", "bucket"}))}


@strawberry.type
class StatsQuery:
    """Root query field of service figures."""

    @strawberry.field(description="Service figures for a period, over the tickets you may see.")
    async def service_stats(
        self,
        info: Info,
        created_from: Annotated[datetime | None, strawberry.argument(description="Period start.")] = None,
        created_to: Annotated[datetime | None, strawberry.argument(description="Period end (exclusive).")] = None,
        bucket: Annotated[Bucket, strawberry.argument(description="Volume per day, week or month.")] = Bucket.DAY,
    ) -> ServiceStats:
        """Figures."""
        rows = figures.service_stats(info.context.principal, created_from, created_to, bucket.value)
        return await json_answer(info, rows, ServiceStats)
