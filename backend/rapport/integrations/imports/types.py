"""GraphQL types of imports: batches (declared, both read paths), and what a file, a preview and a template hold."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import literal, select

from rapport.core.i18n import render_stored
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, RootField, Rows, expression, rendered
from rapport.integrations.imports import models
from rapport.integrations.imports.service import UNDO_DAYS


class ImportStrategy(Enum):
    """What to do with a row that matches an existing customer."""

    SKIP = "skip"
    UPDATE_EMPTY = "update_empty"
    UPDATE_ALL = "update_all"
    MERGE = "merge"


strawberry.enum(
    ImportStrategy,
    description="A row matching a customer: SKIP it, UPDATE_EMPTY (fill the customer's empty fields), UPDATE_ALL "
    "(overwrite with the row's non-empty values) or MERGE (fill empty fields, add its contact's phones and emails and "
    "its tags; rows that only resemble a customer by name join it too).",
)


def _error(locale: str, message: dict[str, Any] | None) -> str | None:
    return render_stored(message, locale, None)


@strawberry.type(description="An uploaded file and its import: where it stands and what it did.")
class ImportBatch(FromRow):
    """One import."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    kind: str = strawberry.field(description="customers, orders or tickets.")
    filename: str = strawberry.field(description="The uploaded file's name.")
    sheet: str | None = strawberry.field(description="The sheet imported.")
    status: str = strawberry.field(description="uploaded, queued, running, done, failed or undone.")
    strategy: str = strawberry.field(description="skip, update_empty, update_all or merge.")
    total: int = strawberry.field(description="Data rows in the sheet.")
    done: int = strawberry.field(description="Rows handled so far.")
    created: int = strawberry.field(description="Customers created.")
    updated: int = strawberry.field(description="Customers updated.")
    skipped: int = strawberry.field(description="Rows that matched a customer and were left alone.")
    rejected: int = strawberry.field(description="Rows not imported (see the rejected-rows file).")
    created_at: datetime = strawberry.field(description="When the file was uploaded.")
    finished_at: datetime | None = strawberry.field(description="When the run ended.")
    undone_at: datetime | None = strawberry.field(description="When it was undone.")
    undo_until: datetime | None = expression(
        lambda row: row.finished_at + literal(timedelta(days=UNDO_DAYS)),
        lambda row: None if row.finished_at is None else row.finished_at + timedelta(days=UNDO_DAYS),
        description="Until when a finished import can be undone.",
    )
    _row: strawberry.Private[models.ImportBatch]

    @rendered(("error",), _error, description="Why the run failed, in your language.")
    def error(self, info: Info) -> str | None:
        """Why it failed."""


def batch_rows(principal: Principal | None) -> Rows:
    """The caller's own imports, newest first (`importBatches`, on both read paths)."""
    owner = principal.user_id if principal is not None else None
    statement = select(models.ImportBatch).where(models.ImportBatch.user_id == owner)
    return Rows(statement, (models.ImportBatch.created_at.desc(), models.ImportBatch.id.desc()), limit=50)


ROOTS = {"importBatches": RootField("ImportBatch", "list", lambda principal, arguments: batch_rows(principal))}


@strawberry.type(description="A column of the file and the field it fills (null: not imported).")
class ImportColumn:
    """Header and target."""

    header: str = strawberry.field(description="The column's header in the file.")
    target: str | None = strawberry.field(description="The field it fills, e.g. name, contactPhone.")


@strawberry.type(description="A field a column can fill.")
class ImportTarget:
    """A target field."""

    key: str = strawberry.field(description="e.g. name, grade, contactPhone.")
    required: bool = strawberry.field(description="Whether a column must fill it.")
    many: bool = strawberry.field(description="Whether several columns may fill it (their values are joined).")


@strawberry.type(description="The values a column of the file holds.")
class ImportColumnValues:
    """Distinct values, most frequent first."""

    header: str = strawberry.field(description="The column's header.")
    values: list[str] = strawberry.field(description="Its distinct non-empty values, most frequent first (at most 50).")
    distinct: int = strawberry.field(description="How many distinct non-empty values it holds in all.")


@strawberry.type(description="A sheet of an uploaded file.")
class ImportSheet:
    """Its columns, size, first rows and the suggested mapping."""

    name: str = strawberry.field(description="The sheet's name (the file's name for a CSV).")
    headers: list[str] = strawberry.field(description="The header row.")
    row_count: int = strawberry.field(description="Data rows.")
    sample: list[list[str]] = strawberry.field(description="The first five data rows.")
    suggested: list[ImportColumn] = strawberry.field(description="The suggested target of each column.")
    column_values: list[ImportColumnValues] = strawberry.field(
        description="Each column's values over every row (to map an old system's values: grades, statuses...)."
    )


@strawberry.type(description="What an uploaded file holds.")
class ImportFile:
    """The file's sheets and how it was read."""

    batch: ImportBatch = strawberry.field(description="The import.")
    encoding: str | None = strawberry.field(description="The CSV's encoding as detected (null for XLSX).")
    delimiter: str | None = strawberry.field(description="The CSV's delimiter as detected.")
    sheets: list[ImportSheet] = strawberry.field(description="Its sheets.")
    targets: list[ImportTarget] = strawberry.field(description="The fields its columns can fill.")


@strawberry.type(description="A problem of a row, in the file's column it comes from.")
class ImportProblem:
    """Column and message."""

    column: str | None = strawberry.field(description="The column's header; null for the row as a whole.")
    message: str = strawberry.field(description="What is wrong, in your language.")


@strawberry.type(description="What one row of the file would do.")
class ImportRowPreview:
    """The row's fate and why."""

    row: int = strawberry.field(description="Its number as the spreadsheet shows it (the header is row 1).")
    action: str = strawberry.field(description="CREATE, UPDATE, SKIP, CONFLICT or REJECT.")
    match_key: str | None = strawberry.field(description="What matched: externalId, phone, email or name.")
    match_value: str | None = strawberry.field(description="The value that matched.")
    matched_row: int | None = strawberry.field(description="The earlier row of the file it joins.")
    reason: str | None = strawberry.field(description="Why, in your language.")
    problems: list[ImportProblem] = strawberry.field(description="Every problem, by column.")
    cells: list[str] = strawberry.field(description="The row as the file has it.")


@strawberry.type(description="How many rows would do what.")
class ImportCounts:
    """Counts of a preview."""

    create: int = strawberry.field(description="New customers.")
    update: int = strawberry.field(description="Rows updating a customer (or joining an earlier row).")
    skip: int = strawberry.field(description="Rows matching a customer, left alone.")
    conflict: int = strawberry.field(description="Rows not imported: several matches, or only a similar name.")
    reject: int = strawberry.field(description="Rows not imported for a problem.")


@strawberry.type(description="Old values mapped to new ones for a field.")
class ImportValue:
    """One mapping."""

    target: str = strawberry.field(description="The field, e.g. grade.")
    source: str = strawberry.field(description="The file's value, e.g. 重要客户.")
    value: str = strawberry.field(description="What it becomes, e.g. A.")


@strawberry.type(description="A saved mapping, reused for the next file of the same system.")
class ImportTemplate:
    """A template."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    name: str = strawberry.field(description="Its name, e.g. 旧CRM客户导出.")
    kind: str = strawberry.field(description="customers, orders or tickets.")
    columns: list[ImportColumn] = strawberry.field(description="Columns by header.")
    values: list[ImportValue] = strawberry.field(description="Value mappings.")
