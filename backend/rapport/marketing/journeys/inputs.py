"""GraphQL inputs of journeys."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input(description="A journey to create or change.")
class JourneySaveInput:
    """The whole journey as the editor holds it."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a new journey (a draft).")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    name: str = strawberry.field(description="Name.")
    graph: JSON = strawberry.field(
        description="{nodes: [{id, type, config, position {x, y}}], edges: [{source, target, branch}]}; a node "
        "saved without its secret keeps the stored one."
    )
    allow_reentry: bool = strawberry.field(default=False, description="Whether a customer may go through it again.")


@strawberry.input(description="A journey whose status changes.")
class JourneyStatusInput:
    """Which journey."""

    id: strawberry.ID = strawberry.field(description="The journey.")
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="A journey to delete (only one that never ran).")
class JourneyDeleteInput:
    """Which journey, at which version."""

    id: strawberry.ID = strawberry.field(description="The journey.")
    version: int = strawberry.field(description="The version you read.")


@strawberry.input(description="What to dry-run: a saved journey, or a graph not saved yet.")
class JourneyDryRunInput:
    """A journey or a graph."""

    id: strawberry.ID | None = strawberry.field(default=None, description="A saved journey.")
    graph: JSON | None = strawberry.field(default=None, description="A graph (when no id is given).")
    limit: int = strawberry.field(default=20, description="At most this many customers (1-100).")
