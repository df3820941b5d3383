"""Exports in the API: `exportStart` queues one, `myExports` follows the caller's own; files are downloaded from
`GET /exports/{id}` (the caller's session or API token)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from rapport.core.i18n import render_stored
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, RootField, Rows, expression, rendered
from rapport.graphql.kit import attempt, rows_of
from rapport.graphql.types import INPUT, UserError
from rapport.integrations.exports import models, service
from rapport.integrations.exports.specs import ExportFormat, ExportList

strawberry.enum(ExportList, description="A list that can be exported (contacts and orders: of the customers listed).")
strawberry.enum(ExportFormat, description="CSV (UTF-8, opens in Excel) or XLSX.")


def _error(locale: str, message: dict[str, Any] | None) -> str | None:
    return render_stored(message, locale, None)


@strawberry.type(description="An export of a list: where it stands and, once done, its file.")
class ExportFile(FromRow):
    """One export the caller asked for."""

    id: strawberry.ID = strawberry.field(description="Global id; the file is at /exports/{id}.")
    list: ExportList = strawberry.field(description="Which list.")
    format: ExportFormat = strawberry.field(description="CSV or XLSX.")
    status: str = strawberry.field(description="queued, running, done or failed.")
    rows: int = strawberry.field(description="Rows written so far (all of them once done).")
    filename: str | None = strawberry.field(description="The file's name, once done.")
    created_at: datetime = strawberry.field(description="When it was asked for.")
    finished_at: datetime | None = strawberry.field(description="When it was done or failed.")
    expires_at: datetime = strawberry.field(description="When the file is deleted.")
    ready: bool = expression(
        lambda row: row.status == "done",
        lambda row: row.status == "done",
        description="True once the file can be downloaded.",
    )
    _row: strawberry.Private[models.ExportFile]

    @rendered(("error",), _error, description="Why it failed, in your language.")
    def error(self, info: Info) -> str | None:
        """Why it failed."""


def export_rows(principal: Principal | None) -> Rows:
    """The caller's own exports of the retention period, newest first (`myExports`, on both read paths)."""
    owner = principal.user_id if principal is not None else None
    statement = select(models.ExportFile).where(models.ExportFile.user_id == owner)
    return Rows(statement, (models.ExportFile.created_at.desc(), models.ExportFile.id.desc()), limit=50)


ROOTS = {"myExports": RootField("ExportFile", "list", lambda principal, arguments: export_rows(principal))}


@strawberry.input(description="Export a list with the filter it is shown with.")
class ExportStartInput:
    """The list, the format and the list's variables as the web app sends them."""

    list: ExportList = strawberry.field(description="Which list.")
    format: ExportFormat = strawberry.field(default=ExportFormat.XLSX, description="CSV or XLSX.")
    variables: JSON | None = strawberry.field(
        default=None, description="The list's filter, orderBy and search (customers) or filter (the others)."
    )


@strawberry.type(description="The result of `exportStart`.")
class ExportStartPayload:
    """The queued export, or what went wrong."""

    export: ExportFile | None = strawberry.field(description="The export; follow it in myExports.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing was queued if any.")


@strawberry.type
class ExportQuery:
    """Root query fields of exports."""

    @strawberry.field(description="Your exports of the last days, newest first (at most 50).")
    async def my_exports(self, info: Info) -> list[ExportFile]:
        """The caller's exports."""
        return await rows_of(info, export_rows(info.context.principal), ExportFile.from_row)


@strawberry.type
class ExportMutation:
    """Root mutation fields of exports."""

    @strawberry.mutation(
        description="Export a list (customers, their contacts or orders, leads, opportunities, tickets) with its "
        "current filter, as you see it: masked fields stay masked, rows outside your scope stay out. Runs in the "
        "background; you are notified when the file is ready."
    )
    async def export_start(self, info: Info, input: Annotated[ExportStartInput, INPUT]) -> ExportStartPayload:
        """Queue an export."""
        ctx = info.context

        async def body() -> models.ExportFile:
            return await service.start(ctx.db, ctx.settings, ctx.viewer, input.list, input.format, input.variables)

        result = await attempt(body)
        if isinstance(result, list):
            return ExportStartPayload(export=None, user_errors=result)
        return ExportStartPayload(export=ExportFile.from_row(result), user_errors=[])
