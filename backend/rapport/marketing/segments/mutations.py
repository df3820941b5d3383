"""Root mutation fields of segments: save, delete and freeze (each audited)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.marketing.segments import members, service
from rapport.marketing.segments.inputs import SegmentDeleteInput, SegmentFreezeInput, SegmentSaveInput
from rapport.marketing.segments.types import Segment


@strawberry.type(description="The result of `segmentSave` and `segmentFreeze`.")
class SegmentPayload:
    """The segment as it is now."""

    segment: Segment | None = strawberry.field(description="The segment.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `segmentDelete`.")
class SegmentDeletePayload:
    """Whether the segment is gone."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The id of the deleted segment.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class SegmentMutation:
    """Root mutation fields of segments."""

    @strawberry.mutation(description="Create or change a segment (CONFLICT when the version you read is stale).")
    async def segment_save(self, info: Info, input: Annotated[SegmentSaveInput, INPUT]) -> SegmentPayload:
        """Save a segment."""

        async def save() -> Segment:
            raw = from_global_id(input.id, "Segment")[1] if input.id else None
            values = {
                "name": input.name,
                "description": input.description,
                "kind": input.kind.value,
                "rules": input.rules,
                "preset": input.preset,
            }
            async with info.context.write() as session:
                row = await service.save_segment(session, info.context.viewer, raw, input.version, values)
            return Segment.from_row(row)

        return await outcome(SegmentPayload, "segment", save)

    @strawberry.mutation(description="Delete a segment (static ones with their frozen members).")
    async def segment_delete(self, info: Info, input: Annotated[SegmentDeleteInput, INPUT]) -> SegmentDeletePayload:
        """Delete a segment."""

        async def remove() -> strawberry.ID:
            raw = from_global_id(input.id, "Segment")[1]
            async with info.context.write() as session:
                await service.delete_segment(session, info.context.viewer, raw, input.version)
            return input.id

        return await outcome(SegmentDeletePayload, "deleted_id", remove)

    @strawberry.mutation(description="Freeze a segment's members as of now into a new static segment (e.g. a send).")
    async def segment_freeze(self, info: Info, input: Annotated[SegmentFreezeInput, INPUT]) -> SegmentPayload:
        """Freeze a segment."""

        async def freeze() -> Segment:
            raw = from_global_id(input.id, "Segment")[1]
            name = input.name.strip()
            if not name:
                raise BadUserInputError("Give the segment a name.", field="name")
            async with info.context.write() as session:
                row = await members.freeze(session, info.context.viewer, raw, name=name[:200])
            return Segment.from_row(row)

        return await outcome(SegmentPayload, "segment", freeze)
