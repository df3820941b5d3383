"""GraphQL types of dashboard layouts."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON


@strawberry.enum(description="A page whose widgets users arrange.")
class DashboardPage(Enum):
    """The home page or the dashboards."""

    HOME = "home"
    DASHBOARDS = "dashboards"


@strawberry.enum(description="Where the layout in force comes from.")
class DashboardLayoutSource(Enum):
    """The viewer's own, one published to a role of theirs, or none stored (the web app's default)."""

    OWN = "own"
    ROLE = "role"
    DEFAULT = "default"


@strawberry.type(description="One widget of a layout, placed on a grid of 12 columns.")
class DashboardWidget:
    """A widget: what it shows and where."""

    id: str = strawberry.field(description="The widget's id within its layout (chosen by the web app).")
    kind: str = strawberry.field(description="What it shows: a kind of the widget catalogue (e.g. funnel, myTasks).")
    x: int = strawberry.field(description="Its first column (0-11).")
    y: int = strawberry.field(description="Its first row (0-1000).")
    w: int = strawberry.field(description="How many columns it spans (1-12).")
    h: int = strawberry.field(description="How many rows it spans (1-40).")
    period: str | None = strawberry.field(
        description="Its own period (month, quarter or year); null: the page's period picker decides."
    )
    filters: JSON | None = strawberry.field(
        description='Its filters as a JSON object of lists (e.g. {"grades": ["A"]}), keys per kind; null: none.'
    )


@strawberry.type(description="The widgets of a page as a viewer sees them, and where that layout comes from.")
class DashboardLayout:
    """A layout."""

    page: DashboardPage = strawberry.field(description="The page.")
    source: DashboardLayoutSource = strawberry.field(description="The viewer's own, a role's, or the default.")
    role: str | None = strawberry.field(description="The role it was published to (source ROLE; published lists).")
    version: int | None = strawberry.field(
        description="The version of the viewer's own layout (give it to dashboardLayoutSave), or in "
        "publishedDashboardLayouts of the role's (give it to dashboardLayoutPublish); null otherwise."
    )
    widgets: list[DashboardWidget] = strawberry.field(
        description="Its widgets, top to bottom and left to right; empty for the default (the web app lays it out)."
    )
    updated_at: datetime | None = strawberry.field(description="When it last changed; null for the default.")
