"""Root query fields of dashboard layouts: the layout in force for the viewer, and (administrators) the layouts
published to roles. Both are one statement of JSON (`layouts.answers`), compiled or not."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.analytics.layouts.answers import effective_answer, published_answer
from rapport.analytics.layouts.types import DashboardLayout, DashboardPage
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Rows
from rapport.graphql.json_roots import from_json, json_answer, json_root, selected_fields

PageArgument = Annotated[DashboardPage, strawberry.argument(description="The page.")]


def _effective(principal: Principal | None, arguments: Arguments) -> Rows | None:
    if principal is None:
        return None
    return effective_answer(principal, arguments["page"].value, selected_fields(arguments))


def _published(principal: Principal | None, arguments: Arguments) -> Rows | None:
    return published_answer(arguments["page"].value, selected_fields(arguments))


#: The compiled root fields of dashboard layouts (listed in the analytics manifest).
ROOTS = {
    "dashboardLayout": json_root("DashboardLayout", _effective, frozenset({"page"})),
    "publishedDashboardLayouts": json_root("DashboardLayout", _published, frozenset({"page"})),
}


@strawberry.type
class LayoutQuery:
    """Root query fields of dashboard layouts."""

    @strawberry.field(
        description="The layout of a page in force for you: your own, else one an administrator published to a role "
        "of yours (the first such role by name), else the default (no widgets: the web app lays it out)."
    )
    async def dashboard_layout(self, info: Info, page: PageArgument) -> DashboardLayout:
        """The viewer's layout."""
        answer = effective_answer(info.context.viewer, page.value)
        return await json_answer(info, answer, DashboardLayout)

    @strawberry.field(description="The layouts of a page published to roles, by role name (administrators).")
    async def published_dashboard_layouts(self, info: Info, page: PageArgument) -> list[DashboardLayout]:
        """Published layouts."""
        found = await json_answer(info, published_answer(page.value), list)
        return [from_json(DashboardLayout, item) for item in found]
