"""The statements answering layouts as JSON (`rapport.graphql.json_roots`): the layout in force for a viewer (own,
else one published to a role of theirs, else the default), and the layouts published to roles. One definition for
the compiled path and the resolvers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, literal, literal_column, null, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.analytics.layouts.models import DashboardLayout
from rapport.core.principal import Principal
from rapport.graphql.compiler.encode import iso_datetime
from rapport.graphql.declare import Rows
from rapport.graphql.json_roots import answer_object

_EMPTY: Any = literal_column("'[]'::json")


def _layout(row: Any, page_name: str, selected: frozenset[str] | None, *, admin_list: bool = False) -> Any:
    own = row.user_id.is_not(None)
    return answer_object(
        selected,
        {
            "page": literal(page_name),
            "source": case((own, literal("OWN")), else_=literal("ROLE")),
            "role": row.role,
            "version": row.version if admin_list else case((own, row.version), else_=None),
            "widgets": func.to_json(row.widgets),
            "updatedAt": iso_datetime(row.updated_at),
        },
    )


def effective_answer(principal: Principal, page: str, selected: frozenset[str] | None = None) -> Rows:
    """The viewer's layout of a page: their own, else the one published to the first of their roles by name that
    has one, else the default (no widgets: the web app lays out its own)."""
    row = DashboardLayout
    mine = or_(row.user_id == principal.user_id, row.role.in_(sorted(principal.roles)))
    chosen = (
        select(_layout(row, page.upper(), selected))
        .where(row.page == page, mine)
        .order_by(row.user_id.is_(None), row.role)
        .limit(1)
        .scalar_subquery()
    )
    default = answer_object(
        selected,
        {
            "page": literal(page.upper()),
            "source": literal("DEFAULT"),
            "role": null(),
            "version": null(),
            "widgets": _EMPTY,
            "updatedAt": null(),
        },
    )
    return Rows(select(func.coalesce(chosen, default)))


def published_answer(page: str, selected: frozenset[str] | None = None) -> Rows:
    """Every layout of a page published to a role, by role name."""
    row = DashboardLayout
    entries = (
        select(_layout(row, page.upper(), selected, admin_list=True).label("entry"), row.role)
        .where(row.page == page, row.role.is_not(None))
        .subquery("published")
    )
    listed = select(
        func.coalesce(func.json_agg(aggregate_order_by(entries.c.entry, entries.c.role)), _EMPTY)
    ).scalar_subquery()
    return Rows(select(listed))
