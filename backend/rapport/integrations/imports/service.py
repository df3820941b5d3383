"""Imports: upload a file, map its columns and values, preview what each row would do, run it in the background,
download the rejected rows, undo it within 7 days.

Only the user who uploaded a batch sees and runs it. The columns they map must be fields their policy lets them
write (as the API would require of `customerCreate`); rows are written through the same services as the API.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from rapport.core import audit, clock
from rapport.core.authz.policy import Access
from rapport.core.authz.policy import current as current_policy
from rapport.core.crypto import vault
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, ForbiddenError, NotFoundError
from rapport.core.i18n import msg, render
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers import imports as customer_imports
from rapport.customers.external import visible_external_ids
from rapport.customers.orders import foresee
from rapport.identity.service import active_users_by_handle
from rapport.integrations.imports import order_rows, reader, ticket_rows
from rapport.integrations.imports.customer_rows import WRITES, ParsedRow, parse
from rapport.integrations.imports.mapping import ImportKind, Template, suggest
from rapport.integrations.imports.models import STRATEGIES, ImportBatch
from rapport.integrations.imports.order_rows import WRITES as ORDER_WRITES
from rapport.integrations.imports.order_rows import ParsedOrder
from rapport.integrations.imports.plan import Decision, decide, decide_orders, decide_tickets
from rapport.integrations.imports.ticket_rows import ParsedTicket
from rapport.support.workflow.upsert import tickets_by_external_id, would_change

TABLE = "import_batch"
#: How long a finished import can be undone.
UNDO_DAYS = 7
#: Rows matched against the database per statement batch.
CHUNK = 500
#: What a row may do, and how many of the rows that do more than create a preview shows.
ACTIONS = ("create", "update", "skip", "conflict", "reject")
SHOWN = 200
T = TypeVar("T")


def _file_of(batch: ImportBatch) -> bytes:
    if batch.file_enc is None:
        raise BadUserInputError("The uploaded file is no longer kept; upload it again.", field="batchId")
    plain = vault().cipher.decrypt(batch.file_enc, table=TABLE, column="file", row_id=batch.id)
    return base64.b64decode(plain)


async def upload(
    db: Database, principal: Principal, filename: str, content: bytes, kind: ImportKind = ImportKind.CUSTOMERS
) -> tuple[ImportBatch, reader.Upload]:
    """Keep an uploaded file (encrypted) for its owner after checking that it can be read."""
    table = await asyncio.to_thread(reader.read, content, filename)
    now = clock.now()
    batch = ImportBatch(
        id=uuid7(),
        user_id=principal.user_id,
        kind=kind.value,
        filename=(filename or "upload")[:200],
        sheet=table.sheets[0].name,
        columns={},
        values={},
        strategy="skip",
        create_similar=False,
        status="uploaded",
        total=len(table.sheets[0].rows),
        done=0,
        created=0,
        updated=0,
        skipped=0,
        rejected=0,
        created_at=now,
    )
    batch.file_enc = vault().cipher.encrypt(
        base64.b64encode(content).decode("ascii"), table=TABLE, column="file", row_id=batch.id
    )
    async with db.write() as session:
        session.add(batch)
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Import",
            entity_id=batch.id,
            action="upload",
            changes={"filename": [None, batch.filename], "rows": [None, batch.total]},
        )
    return batch, table


async def own_batch(
    session: AsyncSession, principal: Principal, batch_id: uuid.UUID, *, lock: bool = False, with_file: bool = False
) -> ImportBatch:
    """One of the caller's batches (`with_file`: with its uploaded file); NOT_FOUND for anyone else's."""
    options = [undefer(ImportBatch.file_enc)] if with_file else []
    batch = await session.get(ImportBatch, batch_id, with_for_update=lock, options=options)
    if batch is None or batch.user_id != principal.user_id:
        raise NotFoundError(msg("No import of yours has that id."))
    return batch


async def sheets_of(batch: ImportBatch) -> reader.Upload:
    """The batch's file, read again (in a thread: a large file does not hold up other requests)."""
    return await asyncio.to_thread(reader.read, _file_of(batch), batch.filename)


def suggestions(kind: ImportKind, upload: reader.Upload) -> dict[str, dict[str, str | None]]:
    """Per sheet, the suggested target of each column."""
    return {sheet.name: suggest(kind, sheet.headers) for sheet in upload.sheets}


@dataclass
class Settings:
    """What the user chose: the sheet, the column and value mapping, the duplicate strategy."""

    sheet: str
    columns: dict[str, str | None]
    values: dict[str, dict[str, str]]
    strategy: str
    create_similar: bool


def _checked(
    principal: Principal, batch: ImportBatch, chosen: Settings, upload: reader.Upload
) -> tuple[reader.Sheet, Template]:
    sheet = next((s for s in upload.sheets if s.name == chosen.sheet), None)
    if sheet is None:
        raise BadUserInputError(msg("The file has no sheet called {name}.", name=chosen.sheet), field="sheet")
    unknown_columns = sorted(set(chosen.columns) - set(sheet.headers))
    if unknown_columns:
        raise BadUserInputError(msg("The sheet has no column {name}.", name=unknown_columns[0]), field="columns")
    if chosen.strategy not in STRATEGIES:
        raise BadUserInputError("Choose skip, update empty fields, update all or merge.", field="strategy")
    template = Template(ImportKind(batch.kind), dict(chosen.columns), dict(chosen.values))
    if template.unknown():
        raise BadUserInputError(
            msg("Rapport has no field {name} to map to.", name=template.unknown()[0]), field="columns"
        )
    if template.missing():
        raise BadUserInputError(msg("Map a column to {name}.", name=template.missing()[0]), field="columns")
    check_rights(principal, batch.kind, chosen.columns)
    return sheet, template


#: What an import of each kind does, as the API would be asked to do it.
MUTATIONS = {
    ImportKind.CUSTOMERS.value: ("Mutation.customerCreate", "Mutation.customerUpdate", "Mutation.importStart"),
    ImportKind.ORDERS.value: ("Mutation.ordersUpsert", "Mutation.importStart"),
    ImportKind.TICKETS.value: ("Mutation.ticketUpsert", "Mutation.importStart"),
}
#: The policy field each target of a kind writes.
WRITES_OF = {
    ImportKind.CUSTOMERS.value: WRITES,
    ImportKind.ORDERS.value: ORDER_WRITES,
    ImportKind.TICKETS.value: ticket_rows.WRITES,
}


def check_rights(principal: Principal, kind: str, columns: Mapping[str, str | None]) -> None:
    """FORBIDDEN unless the user may do what the import does and write every field its columns fill, by the
    policy in force now (checked at the preview, at the start and when the run begins)."""
    policy = current_policy().for_roles(principal.roles)
    writes = WRITES_OF[kind]
    needed = {writes[t] for t in columns.values() if t in writes} | set(MUTATIONS[kind])
    if kind == ImportKind.CUSTOMERS.value and any(t and t.startswith("contact") for t in columns.values()):
        needed.add("Customer.contacts")
    denied = sorted(n for n in needed if policy.access(n) < Access.WRITE)
    if denied:
        raise ForbiddenError(msg("You may not write {fields}; leave those columns unmapped.", fields=", ".join(denied)))


@dataclass
class Preview:
    """What a run would do: counts per action, and the first rows that do more than create."""

    counts: dict[str, int]
    shown: list[Decision]


def chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    """Rows in lists of `size`."""
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def configure(
    db: Database,
    principal: Principal,
    batch_id: uuid.UUID,
    chosen: Settings,
    *,
    preview_rows: bool = True,
    upload: reader.Upload | None = None,
) -> tuple[ImportBatch, Preview]:
    """Keep the user's choices on the batch and decide every row as the run would (nothing else is written);
    without `preview_rows` the choices are checked and kept but the rows are left for the run to decide (a command
    line import that runs at once: the run reports the same counts). `upload` is the batch's file as its caller
    read it already (the command line), else it is read again."""
    async with db.read() as session:  # the file is read before the batch is locked
        batch = await own_batch(session, principal, batch_id, with_file=upload is None)
        if upload is None:
            upload = await sheets_of(batch)
    async with db.write() as session:
        batch = await own_batch(session, principal, batch_id, lock=True)
        if batch.status != "uploaded":
            raise BadUserInputError(
                "This import has run already; upload the file again to import it anew.", field="batchId"
            )
        sheet, template = _checked(principal, batch, chosen, upload)
        batch.sheet, batch.columns, batch.values = chosen.sheet, dict(chosen.columns), dict(chosen.values)
        batch.strategy, batch.create_similar, batch.total = chosen.strategy, chosen.create_similar, len(sheet.rows)
    preview = Preview(dict.fromkeys(ACTIONS, 0), [])
    if not preview_rows:
        return batch, preview
    seen: dict[tuple[str, str], int] = {}
    customers: dict[int, uuid.UUID | None] = {}
    async with db.read() as session:
        if batch.kind in (ImportKind.ORDERS.value, ImportKind.TICKETS.value):
            planned = (
                await plan_orders(session, principal, order_rows.parse(sheet, template))
                if batch.kind == ImportKind.ORDERS.value
                else await plan_tickets(session, principal, ticket_rows.parse(sheet, template))
            )
            for decision in planned:
                preview.counts[decision.action] += 1
                if decision.action != "create" and len(preview.shown) < SHOWN:
                    preview.shown.append(decision)
            return batch, preview
        rows = parse(sheet, template, await active_users_by_handle(session))
        for chunk in chunks(rows, CHUNK):
            for decision in await plan_rows(
                session, principal, chunk, batch.strategy, batch.create_similar, seen, customers
            ):
                preview.counts[decision.action] += 1
                if decision.action != "create" and len(preview.shown) < SHOWN:
                    preview.shown.append(decision)
    return batch, preview


async def plan_orders(session: AsyncSession, principal: Principal, orders: list[ParsedOrder]) -> list[Decision]:
    """Decide orders: which exist (updated, or skipped when the order service would leave them unchanged) and whose
    customers the user may see."""
    foresight = await foresee(session, principal, [o.draft for o in orders if not o.problems])
    return decide_orders(orders, foresight.existing, foresight.customers, foresight.unchanged)


async def plan_tickets(session: AsyncSession, principal: Principal, tickets: list[ParsedTicket]) -> list[Decision]:
    """Decide tickets: which exist (updated, or skipped when the row would change nothing) and whose customers the
    user may see."""
    existing = await tickets_by_external_id(session, [t.draft.external_id for t in tickets if t.draft.external_id])
    unchanged = {
        t.draft.external_id
        for t in tickets
        if t.draft.external_id in existing and not would_change(existing[t.draft.external_id], t.draft)
    }
    customers = {t.draft.customer_external_id for t in tickets if t.draft.customer_external_id}
    visible = await visible_external_ids(session, principal, customers)
    return decide_tickets(tickets, set(existing), visible, unchanged)


async def plan_rows(
    session: AsyncSession,
    principal: Principal,
    rows: list[ParsedRow],
    strategy: str,
    create_similar: bool,
    seen: dict[tuple[str, str], int],
    customers: dict[int, uuid.UUID | None],
) -> list[Decision]:
    """Decide rows in chunks (a few statements per chunk); `seen` and `customers` as `plan.decide` takes them."""
    decisions: list[Decision] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        found = await customer_imports.matches(session, principal, [r.customer for r in chunk])
        decisions += decide(chunk, found, seen, strategy, create_similar, customers)
    return decisions


async def start(db: Database, principal: Principal, batch_id: uuid.UUID) -> ImportBatch:
    """Queue a configured batch for the `import-run` job."""
    async with db.write() as session:
        batch = await own_batch(session, principal, batch_id, lock=True)
        if batch.status != "uploaded" or not batch.columns:
            raise BadUserInputError("Map the columns and preview the import before running it.", field="batchId")
        check_rights(principal, batch.kind, batch.columns)
        batch.status = "queued"
        audit.record(session, actor_id=principal.user_id, entity_type="Import", entity_id=batch.id, action="start")
    return batch


async def rejected_file(session: AsyncSession, principal: Principal, batch_id: uuid.UUID) -> tuple[str, bytes]:
    """A CSV of the rows that were not written, with the file's own columns, the row number and why."""
    from sqlalchemy import select

    from rapport.integrations.imports.models import ImportRow

    batch = await own_batch(session, principal, batch_id, with_file=True)
    sheet = next(s for s in (await sheets_of(batch)).sheets if s.name == batch.sheet)
    rows = (
        await session.scalars(
            select(ImportRow)
            .where(
                ImportRow.batch_id == batch.id,
                ImportRow.action.in_(("rejected", "skipped")),
                ImportRow.problems.is_not(None),
            )
            .order_by(ImportRow.row)
        )
    ).all()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    out = csv.writer(buffer, lineterminator="\r\n")
    header = [render(msg("Row"), principal.locale), *sheet.headers, render(msg("Problem"), principal.locale)]
    out.writerow([_safe(cell) for cell in header])
    for row in rows:
        cells = sheet.at(row.row)
        reasons = "; ".join(_problem_text(p, principal.locale) for p in row.problems or [])
        out.writerow([row.row, *[_safe(c) for c in cells], _safe(reasons)])
    name = f"{batch.filename.rsplit('.', 1)[0]}-rejected.csv"
    return name, buffer.getvalue().encode("utf-8")


def _problem_text(problem: Mapping[str, Any], locale: str) -> str:
    from rapport.core.i18n import render_stored

    text = render_stored(problem.get("message"), locale, "") or ""
    return f"{problem['column']}: {text}" if problem.get("column") else text


def _safe(cell: str) -> str:
    from rapport.integrations.exports.writer import safe_text

    return safe_text(cell)


def undo_deadline(batch: ImportBatch) -> Any:
    """Until when a finished batch can be undone."""
    return None if batch.finished_at is None else batch.finished_at + timedelta(days=UNDO_DAYS)


__all__ = [
    "Preview",
    "Settings",
    "chunks",
    "configure",
    "own_batch",
    "plan_rows",
    "rejected_file",
    "start",
    "suggestions",
    "upload",
]
