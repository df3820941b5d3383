"""GraphQL inputs of segments."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from rapport.marketing.segments.types import SegmentKind


@strawberry.input(description="What a segment list includes.")
class SegmentFilter:
    """All given conditions must hold."""

    kinds: list[SegmentKind] | None = strawberry.field(default=None, description="Any of these kinds.")
    search: str | None = strawberry.field(default=None, description="Words of the name or the description.")


@strawberry.input(description="A segment to create (no id) or change (with the version you read).")
class SegmentSaveInput:
    """A segment."""

    id: strawberry.ID | None = strawberry.field(default=None, description="The segment to change; null: a new one.")
    version: int | None = strawberry.field(default=None, description="The version you read (changes only).")
    name: str = strawberry.field(description="Name.")
    description: str | None = strawberry.field(default=None, description="What the segment is for.")
    kind: SegmentKind = strawberry.field(
        default=SegmentKind.DYNAMIC, description="New segments are dynamic; static ones are made by freezing."
    )
    rules: JSON = strawberry.field(description="The rule tree (see docs/marketing.md).")
    preset: str | None = strawberry.field(default=None, description="The preset it was made from, if any.")


@strawberry.input(description="A segment to delete.")
class SegmentDeleteInput:
    """A segment and the version you read."""

    id: strawberry.ID = strawberry.field(description="The segment.")
    version: int = strawberry.field(description="The version you read.")


@strawberry.input(description="Freeze a segment's members as of now into a new static segment.")
class SegmentFreezeInput:
    """The segment to freeze and the snapshot's name."""

    id: strawberry.ID = strawberry.field(description="The segment (dynamic or static).")
    name: str = strawberry.field(description="The new static segment's name.")
