"""Root query fields of journeys."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import node_by_id, node_fetcher, statement_page
from rapport.graphql.types import After, Connection, First, page_size_or_none
from rapport.marketing.journeys.repository import journey_by_id, journey_rows, visible_journey
from rapport.marketing.journeys.types import Journey

#: `node(id)` of journeys (listed in the marketing manifest).
JOURNEY_NODE = node_fetcher(journey_by_id, Journey.from_row)


def _journeys_page(principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    found = journey_rows(principal, include_archived=bool(arguments.get("includeArchived")))
    return None if size is None else Rows(found.statement, found.order_by, size)


#: The compiled root fields of journeys (listed in the marketing manifest).
ROOTS = {
    "journey": RootField(
        "Journey",
        "one",
        lambda principal, arguments: visible_journey(principal, arguments["id"]),
        arguments=frozenset({"id"}),
        global_id_arguments={"id": "Journey"},
    ),
    "journeys": RootField(
        "Journey", "connection", _journeys_page, arguments=frozenset({"first", "after", "includeArchived"})
    ),
}


@strawberry.type
class JourneyQuery:
    """Root query fields of journeys."""

    @strawberry.field(description="A journey by id; null when missing or not yours to see.")
    async def journey(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Journey | None:
        """One journey."""
        return await node_by_id(info, "Journey", id, journey_by_id, Journey.from_row)

    @strawberry.field(
        description="Journeys you may see (your own, your team's or all), newest first; archived ones only with "
        "`includeArchived`."
    )
    async def journeys(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        include_archived: Annotated[bool, strawberry.argument(description="Archived journeys too.")] = False,
    ) -> Connection[Journey]:
        """A page of journeys."""
        rows = journey_rows(info.context.principal, include_archived=include_archived)
        return await statement_page(info, rows, first, after, Journey.from_row)
