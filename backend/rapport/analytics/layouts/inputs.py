"""GraphQL inputs of dashboard layouts."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from rapport.analytics.layouts.types import DashboardPage
from rapport.analytics.layouts.widgets import WidgetDraft


@strawberry.input(description="One widget of a layout to store.")
class DashboardWidgetInput:
    """What a widget shows and where."""

    id: str = strawberry.field(description="Its id within the layout: 1 to 64 letters, digits, - or _, unique.")
    kind: str = strawberry.field(description="A kind of the widget catalogue that the page offers.")
    x: int = strawberry.field(description="Its first column (0-11).")
    y: int = strawberry.field(description="Its first row (0-1000).")
    w: int = strawberry.field(description="Columns spanned (1-12; x + w at most 12).")
    h: int = strawberry.field(description="Rows spanned (1-40).")
    period: str | None = strawberry.field(default=None, description="month, quarter or year; null: the page's.")
    filters: JSON | None = strawberry.field(default=None, description="Filters the kind takes (a small object).")

    def draft(self) -> WidgetDraft:
        """The widget as the service checks it."""
        return WidgetDraft(self.id, self.kind, self.x, self.y, self.w, self.h, self.period, self.filters)


@strawberry.input(description="The viewer's own layout of a page.")
class DashboardLayoutSaveInput:
    """A whole layout."""

    page: DashboardPage = strawberry.field(description="The page.")
    widgets: list[DashboardWidgetInput] = strawberry.field(description="Its widgets (at most 40).")
    version: int | None = strawberry.field(
        default=None, description="The version you read; null creates your own layout (when you have none)."
    )


@strawberry.input(description="A user's own layout to delete.")
class DashboardLayoutResetInput:
    """Whose layout of which page."""

    page: DashboardPage = strawberry.field(description="The page.")
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="The user (administrators only); null: your own."
    )


@strawberry.input(description="A layout to publish to everyone holding a role.")
class DashboardLayoutPublishInput:
    """The role and the widgets."""

    page: DashboardPage = strawberry.field(description="The page.")
    role: str = strawberry.field(description="A staff role's name (e.g. sales_rep).")
    widgets: list[DashboardWidgetInput] = strawberry.field(description="Its widgets (at most 40).")
    version: int | None = strawberry.field(
        default=None,
        description="The version of the role's published layout that you replace (publishedDashboardLayouts); null "
        "where none is published. A stale one, or null where one is, answers CONFLICT and changes nothing.",
    )


@strawberry.input(description="A role whose published layout is taken back.")
class DashboardLayoutUnpublishInput:
    """Which page and role."""

    page: DashboardPage = strawberry.field(description="The page.")
    role: str = strawberry.field(description="The role's name.")
