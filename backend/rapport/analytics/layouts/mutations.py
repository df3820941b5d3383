"""Root mutation fields of dashboard layouts: save and reset one's own; publish to a role and take back
(administrators)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.analytics.layouts import service
from rapport.analytics.layouts.inputs import (
    DashboardLayoutPublishInput,
    DashboardLayoutResetInput,
    DashboardLayoutSaveInput,
    DashboardLayoutUnpublishInput,
)
from rapport.analytics.layouts.models import DashboardLayout as LayoutRow
from rapport.analytics.layouts.types import DashboardLayout, DashboardLayoutSource, DashboardPage, DashboardWidget
from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError


def layout_of(row: LayoutRow) -> DashboardLayout:
    """A stored layout as the API shows it."""
    own = row.user_id is not None
    return DashboardLayout(
        page=DashboardPage(row.page),
        source=DashboardLayoutSource.OWN if own else DashboardLayoutSource.ROLE,
        role=row.role,
        version=row.version,
        widgets=[DashboardWidget(**widget) for widget in row.widgets],
        updated_at=row.updated_at,
    )


@strawberry.type(description="The result of saving or publishing a layout.")
class DashboardLayoutPayload:
    """The layout as stored."""

    layout: DashboardLayout | None = strawberry.field(description="The layout.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of resetting or unpublishing a layout.")
class DashboardLayoutRemovePayload:
    """Whether a layout was removed."""

    removed: bool | None = strawberry.field(description="True when a layout was deleted, false when there was none.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class LayoutMutation:
    """Root mutation fields of dashboard layouts."""

    @strawberry.mutation(
        description="Save your own layout of a page (it wins over a role's); a stale version answers CONFLICT."
    )
    async def dashboard_layout_save(
        self, info: Info, input: Annotated[DashboardLayoutSaveInput, INPUT]
    ) -> DashboardLayoutPayload:
        """Save the viewer's layout."""

        async def save() -> DashboardLayout:
            widgets = [widget.draft() for widget in input.widgets]
            async with info.context.write() as session:
                row = await service.save(session, info.context.viewer, input.page.value, widgets, input.version)
                return layout_of(row)

        return await outcome(DashboardLayoutPayload, "layout", save)

    @strawberry.mutation(
        description="Delete your own layout of a page (administrators: any user's), so the role's or the default "
        "is in force again."
    )
    async def dashboard_layout_reset(
        self, info: Info, input: Annotated[DashboardLayoutResetInput, INPUT]
    ) -> DashboardLayoutRemovePayload:
        """Reset a layout."""

        async def reset() -> bool:
            user_id = None if input.user_id is None else from_global_id(input.user_id, "User")[1]
            async with info.context.write() as session:
                return await service.reset(session, info.context.viewer, input.page.value, user_id)

        return await outcome(DashboardLayoutRemovePayload, "removed", reset)

    @strawberry.mutation(
        description="Publish a layout of a page to everyone holding a role (administrators); replacing a published "
        "one names its version (a stale one answers CONFLICT)."
    )
    async def dashboard_layout_publish(
        self, info: Info, input: Annotated[DashboardLayoutPublishInput, INPUT]
    ) -> DashboardLayoutPayload:
        """Publish a layout."""

        async def publish() -> DashboardLayout:
            widgets = [widget.draft() for widget in input.widgets]
            async with info.context.write() as session:
                row = await service.publish(
                    session, info.context.viewer, input.page.value, input.role, widgets, input.version
                )
                return layout_of(row)

        return await outcome(DashboardLayoutPayload, "layout", publish)

    @strawberry.mutation(description="Take back the layout published to a role (administrators).")
    async def dashboard_layout_unpublish(
        self, info: Info, input: Annotated[DashboardLayoutUnpublishInput, INPUT]
    ) -> DashboardLayoutRemovePayload:
        """Unpublish a layout."""

        async def unpublish() -> bool:
            async with info.context.write() as session:
                return await service.unpublish(session, info.context.viewer, input.page.value, input.role)

        return await outcome(DashboardLayoutRemovePayload, "removed", unpublish)
