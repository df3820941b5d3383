"""Root query fields of segments: one segment, the list, the presets and the live preview of rules."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from rapport.core import clock
from rapport.core.i18n import reader_locale
from rapport.graphql.context import Info
from rapport.graphql.declare import RootField
from rapport.graphql.kit import enum_values, filtered_page_root, node_by_id, statement_page
from rapport.graphql.types import After, Connection, First
from rapport.marketing.segments import presets, service
from rapport.marketing.segments.inputs import SegmentFilter
from rapport.marketing.segments.repository import SegmentFilterSpec, segment_by_id, segment_rows, visible_segment
from rapport.marketing.segments.types import Segment, SegmentPreset, SegmentPreview


def segment_filter_spec(f: SegmentFilter | None) -> SegmentFilterSpec:
    """The repository's filter from the GraphQL filter."""
    return SegmentFilterSpec(
        kinds=enum_values(f.kinds) if f else None, search=(f.search or "").strip() or None if f else None
    )


#: The compiled root fields of segments (listed in the marketing manifest). A segment's own fields compile; its
#: `memberCount` and `members` are its rule tree made SQL per segment (`@computed`), which the web app asks for
#: in operations of their own (`SegmentCount`, `SegmentMembers`).
ROOTS = {
    "segment": RootField(
        "Segment",
        "one",
        lambda principal, arguments: visible_segment(principal, arguments["id"]),
        arguments=frozenset({"id"}),
        global_id_arguments={"id": "Segment"},
    ),
    "segments": filtered_page_root(
        "Segment", lambda principal, f: segment_rows(principal, segment_filter_spec(f)), SegmentFilter
    ),
}


@strawberry.type
class SegmentQuery:
    """Root query fields of segments."""

    @strawberry.field(description="A segment by id; null when missing or not yours to see.")
    async def segment(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Segment | None:
        """One segment."""
        return await node_by_id(info, "Segment", id, segment_by_id, Segment.from_row)

    @strawberry.field(description="Segments you may see (your team's or all), most recently changed first.")
    async def segments(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[SegmentFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Segment]:
        """A page of segments."""
        rows = segment_rows(info.context.principal, segment_filter_spec(filter))
        return await statement_page(info, rows, first, after, Segment.from_row)

    @strawberry.field(description="Ready-made rule trees: new first-time buyers, high-value repeat, dormant.")
    def segment_presets(self, info: Info) -> list[SegmentPreset]:
        """The presets."""
        locale = reader_locale.get()
        return [
            SegmentPreset(
                key=p.key, name=p.name.render(locale), description=p.description.render(locale), rules=JSON(p.rules)
            )
            for p in presets.PRESETS
        ]

    @strawberry.field(description="How many customers you may see match a rule tree now, and a few of them.")
    async def segment_preview(
        self, info: Info, rules: Annotated[JSON, strawberry.argument(description="The rule tree being edited.")]
    ) -> SegmentPreview:
        """The live count."""
        tree = service.checked_rules(rules, info.context.principal)
        return SegmentPreview(_tree=tree, _now=clock.now())
