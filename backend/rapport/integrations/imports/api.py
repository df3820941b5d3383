"""Imports in the API. The file itself is uploaded to `POST /imports` (the answer holds the batch's id); then
`importFile` shows its sheets with suggested columns, `importPreview` maps and checks every row, `importStart` runs
it in the background, `importUndo` walks it back, and templates keep a mapping for next time."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import strawberry
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from rapport.core import audit, clock
from rapport.core.i18n import render
from rapport.core.ids import uuid7
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, rows_of
from rapport.graphql.node import from_global_id, to_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.integrations.imports import runner, service
from rapport.integrations.imports.mapping import TARGETS, ImportKind
from rapport.integrations.imports.models import ImportTemplate as TemplateRow
from rapport.integrations.imports.plan import Decision
from rapport.integrations.imports.reader import Sheet
from rapport.integrations.imports.types import (
    ImportBatch,
    ImportColumn,
    ImportColumnValues,
    ImportCounts,
    ImportFile,
    ImportProblem,
    ImportRowPreview,
    ImportSheet,
    ImportStrategy,
    ImportTarget,
    ImportTemplate,
    ImportValue,
    batch_rows,
)

#: How many of a column's values `importFile` lists.
DISTINCT_SHOWN = 50


@strawberry.input(description="A column of the file and the field it fills.")
class ImportColumnInput:
    """Header and target (null: not imported)."""

    header: str = strawberry.field(description="The column's header.")
    target: str | None = strawberry.field(default=None, description="The field, e.g. name; null to leave it out.")


@strawberry.input(description="An old value and what it becomes.")
class ImportValueInput:
    """One value mapping."""

    target: str = strawberry.field(description="The field, e.g. grade.")
    source: str = strawberry.field(description="The file's value.")
    value: str = strawberry.field(description="What it becomes.")


@strawberry.input(description="How to import an uploaded file.")
class ImportPreviewInput:
    """The sheet, the mapping and the duplicate strategy; the preview decides every row as the run will."""

    batch_id: strawberry.ID = strawberry.field(description="The upload's id.")
    sheet: str = strawberry.field(description="The sheet to import.")
    columns: list[ImportColumnInput] = strawberry.field(description="Each column's target.")
    values: list[ImportValueInput] = strawberry.field(default_factory=list, description="Value mappings.")
    strategy: ImportStrategy = strawberry.field(default=ImportStrategy.SKIP, description="Rows matching a customer.")
    create_similar: bool = strawberry.field(
        default=False, description="Create rows that only resemble a customer by name (else they are reported)."
    )


@strawberry.type(description="The result of `importPreview`.")
class ImportPreviewPayload:
    """Counts and the rows that do more than create (at most 200, in order)."""

    batch: ImportBatch | None = strawberry.field(description="The import, with its mapping kept.")
    counts: ImportCounts | None = strawberry.field(description="How many rows would do what.")
    rows: list[ImportRowPreview] = strawberry.field(description="Rows that update, skip, conflict or are rejected.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the mapping; nothing was kept if any.")


@strawberry.input(description="An import.")
class ImportBatchInput:
    """Which import."""

    batch_id: strawberry.ID = strawberry.field(description="The import's id.")


@strawberry.type(description="The result of `importStart` and `importUndo`.")
class ImportBatchPayload:
    """The import, and for undo what was walked back."""

    batch: ImportBatch | None = strawberry.field(description="The import.")
    removed: int = strawberry.field(description="Undo: customers removed.")
    restored: int = strawberry.field(description="Undo: customers restored.")
    kept: int = strawberry.field(description="Undo: customers left as they are, changed or used since the import.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


strawberry.enum(ImportKind, description="What a file holds: CUSTOMERS (with their contacts), ORDERS or TICKETS.")


@strawberry.input(description="Save a mapping as a template.")
class ImportTemplateInput:
    """Name, columns and values; a template of the same name is replaced."""

    name: str = strawberry.field(description="The template's name.")
    kind: ImportKind = strawberry.field(default=ImportKind.CUSTOMERS, description="What the files it maps hold.")
    columns: list[ImportColumnInput] = strawberry.field(description="Columns by header.")
    values: list[ImportValueInput] = strawberry.field(default_factory=list, description="Value mappings.")


@strawberry.input(description="A template to delete.")
class ImportTemplateDeleteInput:
    """Which template."""

    id: strawberry.ID = strawberry.field(description="The template.")


@strawberry.type(description="The result of `importTemplateSave`.")
class ImportTemplatePayload:
    """The template."""

    template: ImportTemplate | None = strawberry.field(description="The saved template.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix.")


def _template(row: TemplateRow) -> ImportTemplate:
    return ImportTemplate(
        id=strawberry.ID(to_global_id("ImportTemplate", row.id)),
        name=row.name,
        kind=row.kind,
        columns=[ImportColumn(header=h, target=t) for h, t in row.columns.items()],
        values=[ImportValue(target=t, source=s, value=v) for t, table in row.values.items() for s, v in table.items()],
    )


def _preview(decision: Decision, locale: str) -> ImportRowPreview:
    return ImportRowPreview(
        row=decision.row.row,
        action=decision.action.upper(),
        match_key=decision.key,
        match_value=decision.value,
        matched_row=decision.earlier,
        reason=render(decision.reason, locale) if decision.reason else None,
        problems=[ImportProblem(column=p.column, message=render(p.text, locale)) for p in decision.row.problems],
        cells=list(decision.row.cells),
    )


def _column_values(sheet: Sheet) -> list[ImportColumnValues]:
    """Each column's distinct values over every row, most frequent first."""
    counts: list[Counter[str]] = [Counter() for _ in sheet.headers]
    for row in sheet.rows:
        for index, cell in enumerate(row[: len(counts)]):
            if cell:
                counts[index][cell] += 1
    return [
        ImportColumnValues(header=header, values=[v for v, _ in found.most_common(DISTINCT_SHOWN)], distinct=len(found))
        for header, found in zip(sheet.headers, counts, strict=True)
    ]


def _values(values: list[ImportValueInput]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for item in values:
        table.setdefault(item.target, {})[item.source] = item.value
    return table


@strawberry.type
class ImportQuery:
    """Root query fields of imports."""

    @strawberry.field(description="Your imports, newest first (at most 50).")
    async def import_batches(self, info: Info) -> list[ImportBatch]:
        """The caller's imports."""
        return await rows_of(info, batch_rows(info.context.principal), ImportBatch.from_row)

    @strawberry.field(description="What an uploaded file holds: its sheets, their columns and the suggested mapping.")
    async def import_file(
        self, info: Info, batch_id: Annotated[strawberry.ID, strawberry.argument(description="The upload's id.")]
    ) -> ImportFile:
        """An upload's sheets."""
        ctx = info.context
        async with ctx.db.read() as session:
            batch = await service.own_batch(
                session, ctx.viewer, from_global_id(batch_id, "ImportBatch")[1], with_file=True
            )
        upload = await service.sheets_of(batch)
        kind = ImportKind(batch.kind)
        suggested = service.suggestions(kind, upload)
        return ImportFile(
            batch=ImportBatch.from_row(batch),
            encoding=upload.encoding,
            delimiter=upload.delimiter,
            sheets=[
                ImportSheet(
                    name=s.name,
                    headers=s.headers,
                    row_count=len(s.rows),
                    sample=[list(r) + [""] * (len(s.headers) - len(r)) for r in s.rows[:5]],
                    suggested=[ImportColumn(header=h, target=t) for h, t in suggested[s.name].items()],
                    column_values=_column_values(s),
                )
                for s in upload.sheets
            ],
            targets=[ImportTarget(key=t.key, required=t.required, many=t.many) for t in TARGETS[kind]],
        )

    @strawberry.field(description="Saved mappings, by name.")
    async def import_templates(self, info: Info) -> list[ImportTemplate]:
        """Every template."""
        async with info.context.db.read() as session:
            rows = (await session.scalars(select(TemplateRow).order_by(TemplateRow.name))).all()
        return [_template(r) for r in rows]


@strawberry.type
class ImportMutation:
    """Root mutation fields of imports."""

    @strawberry.mutation(
        description="Map an upload's columns and values, choose the duplicate strategy, and see what every row "
        "would do (nothing is imported yet)."
    )
    async def import_preview(self, info: Info, input: Annotated[ImportPreviewInput, INPUT]) -> ImportPreviewPayload:
        """Preview an import."""
        ctx = info.context
        chosen = service.Settings(
            input.sheet,
            {c.header: c.target for c in input.columns},
            _values(input.values),
            input.strategy.value,
            input.create_similar,
        )

        async def body() -> tuple[object, service.Preview]:
            return await service.configure(ctx.db, ctx.viewer, from_global_id(input.batch_id, "ImportBatch")[1], chosen)

        result = await attempt(body)
        if isinstance(result, list):
            return ImportPreviewPayload(batch=None, counts=None, rows=[], user_errors=result)
        batch, preview = result
        count = preview.counts
        shown = [_preview(d, ctx.locale) for d in preview.shown]
        return ImportPreviewPayload(
            batch=ImportBatch.from_row(batch), counts=ImportCounts(**count), rows=shown, user_errors=[]
        )

    @strawberry.mutation(description="Run a previewed import in the background (follow it in importBatches).")
    async def import_start(self, info: Info, input: Annotated[ImportBatchInput, INPUT]) -> ImportBatchPayload:
        """Start an import."""
        ctx = info.context

        async def body() -> object:
            return await service.start(ctx.db, ctx.viewer, from_global_id(input.batch_id, "ImportBatch")[1])

        result = await attempt(body)
        if isinstance(result, list):
            return ImportBatchPayload(batch=None, removed=0, restored=0, kept=0, user_errors=result)
        return ImportBatchPayload(batch=ImportBatch.from_row(result), removed=0, restored=0, kept=0, user_errors=[])

    @strawberry.mutation(
        description="Undo a finished import within 7 days: what it created is removed, what it changed restored; "
        "records changed or used since are kept and counted."
    )
    async def import_undo(self, info: Info, input: Annotated[ImportBatchInput, INPUT]) -> ImportBatchPayload:
        """Undo an import."""
        ctx = info.context
        batch_id = from_global_id(input.batch_id, "ImportBatch")[1]

        async def body() -> dict[str, int]:
            return await runner.undo(ctx.db, ctx.viewer, batch_id)

        result = await attempt(body)
        if isinstance(result, list):
            return ImportBatchPayload(batch=None, removed=0, restored=0, kept=0, user_errors=result)
        async with ctx.db.read() as session:
            batch = await service.own_batch(session, ctx.viewer, batch_id)
        return ImportBatchPayload(batch=ImportBatch.from_row(batch), user_errors=[], **result)

    @strawberry.mutation(description="Save a mapping as a template (the same name and kind: replaced).")
    async def import_template_save(
        self, info: Info, input: Annotated[ImportTemplateInput, INPUT]
    ) -> ImportTemplatePayload:
        """Save a template."""
        ctx = info.context
        name = input.name.strip()[:100]
        if not name:
            error = UserError.of("Give the template a name.", field="name", code="BAD_USER_INPUT")
            return ImportTemplatePayload(template=None, user_errors=[error])
        now = clock.now()
        columns, values = {c.header: c.target for c in input.columns}, _values(input.values)
        changed = {"columns": columns, "values": values, "updated_at": now}
        saved = (
            insert(TemplateRow)
            .values(
                id=uuid7(),
                name=name,
                kind=input.kind.value,
                created_by_id=ctx.viewer.user_id,
                created_at=now,
                **changed,
            )
            .on_conflict_do_update(index_elements=["kind", "name"], set_=changed)
            .returning(TemplateRow)
        )
        async with ctx.write() as session:
            row = (await session.execute(saved)).scalar_one()
            audit.record(
                session, actor_id=ctx.viewer.user_id, entity_type="ImportTemplate", entity_id=row.id, action="save",
                changes={"name": [None, name], "columns": [None, len(columns)]},
            )  # fmt: skip
        return ImportTemplatePayload(template=_template(row), user_errors=[])

    @strawberry.mutation(description="Delete a saved template.")
    async def import_template_delete(self, info: Info, input: Annotated[ImportTemplateDeleteInput, INPUT]) -> bool:
        """Delete a template; false when it did not exist."""
        template_id = from_global_id(input.id, "ImportTemplate")[1]
        async with info.context.write() as session:
            result = await session.execute(delete(TemplateRow).where(TemplateRow.id == template_id))
            gone = bool(getattr(result, "rowcount", 0))
            if gone:
                audit.record(
                    session, actor_id=info.context.viewer.user_id, entity_type="ImportTemplate",
                    entity_id=template_id, action="delete",
                )  # fmt: skip
        return gone
